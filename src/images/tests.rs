use std::io::Cursor;

use image::{ImageDecoder, ImageEncoder, ImageReader, Rgb, RgbImage};

use super::*;

fn config(widths: &[u32]) -> ImagesConfig {
    ImagesConfig {
        widths: widths.to_vec(),
        ..ImagesConfig::default()
    }
}

/// A JPEG of `width` × `height`, red on the left half and blue on the right.
fn halves_jpeg(width: u32, height: u32) -> Vec<u8> {
    let image = RgbImage::from_fn(width, height, |x, _| {
        if x < width / 2 {
            Rgb([255, 0, 0])
        } else {
            Rgb([0, 0, 255])
        }
    });
    let mut out = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Jpeg)
        .unwrap();
    out
}

/// An EXIF block (APP1) saying "turn 90° clockwise to show" (orientation 6), with a GPS
/// position and a camera serial number, as a phone writes them.
fn exif_app1() -> Vec<u8> {
    let mut tiff: Vec<u8> = b"MM\0\x2a\0\0\0\x08".to_vec();
    // IFD0 at 8: three entries, then the offset of the next IFD (none).
    tiff.extend([0, 3]);
    tiff.extend([0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0]); // Orientation = 6
    tiff.extend([0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 50]); // GPS IFD at 50
    tiff.extend([0xa4, 0x31, 0, 2, 0, 0, 0, 4, b'S', b'N', b'1', 0]); // BodySerialNumber "SN1"
    tiff.extend([0, 0, 0, 0]);
    assert_eq!(tiff.len(), 50);
    // The GPS IFD: latitude reference "N".
    tiff.extend([0, 1]);
    tiff.extend([0, 1, 0, 2, 0, 0, 0, 2, b'N', 0, 0, 0]);
    tiff.extend([0, 0, 0, 0]);
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend(tiff);
    let mut segment = vec![0xff, 0xe1];
    segment.extend(u16::try_from(payload.len() + 2).unwrap().to_be_bytes());
    segment.extend(payload);
    segment
}

fn with_exif(jpeg: &[u8]) -> Vec<u8> {
    let mut out = jpeg[..2].to_vec();
    out.extend(exif_app1());
    out.extend(&jpeg[2..]);
    out
}

/// Whether a JPEG has an APP1 (EXIF/XMP) or APP2 (ICC) segment before its image data.
fn jpeg_metadata_segments(jpeg: &[u8]) -> Vec<u8> {
    let mut found = Vec::new();
    let mut at = 2;
    while at + 4 <= jpeg.len() && jpeg[at] == 0xff {
        let marker = jpeg[at + 1];
        if marker == 0xda {
            break;
        }
        if (0xe1..=0xef).contains(&marker) {
            found.push(marker);
        }
        let length = usize::from(u16::from_be_bytes([jpeg[at + 2], jpeg[at + 3]]));
        at += 2 + length;
    }
    found
}

fn planned(dir: &Path, name: &str, bytes: &[u8], config: &ImagesConfig) -> Picture {
    let file = dir.join(name);
    std::fs::write(&file, bytes).unwrap();
    plan(&file, name, config, &dir.join("cache")).unwrap()
}

#[test]
fn widths_never_enlarge_and_keep_a_small_one() {
    let configured = [480, 800, 1200, 1600];
    assert_eq!(widths(4000, &configured), [480, 800, 1200, 1600]);
    assert_eq!(widths(2000, &configured), [480, 800, 1200, 1600]);
    assert_eq!(widths(1000, &configured), [480, 800, 1000]);
    assert_eq!(widths(300, &configured), [300]);
}

#[test]
fn exif_orientation_is_applied_and_all_metadata_removed() {
    let dir = tempfile::tempdir().unwrap();
    let source = with_exif(&halves_jpeg(64, 32));
    // The source really carries what the phone wrote.
    let mut decoder = ImageReader::new(Cursor::new(&source))
        .with_guessed_format()
        .unwrap()
        .into_decoder()
        .unwrap();
    assert_eq!(decoder.orientation().unwrap().to_exif(), 6);
    assert_eq!(jpeg_metadata_segments(&source), [0xe1]);

    let picture = planned(dir.path(), "hochkant.jpg", &source, &config(&[16, 24]));
    assert_eq!(
        picture.kind,
        PictureKind::Resized {
            width: 32,
            height: 64,
            orientation: 6,
            quality: 80
        }
    );
    let made = process::make(&picture, &source, |_| true).unwrap();
    let sizes: Vec<(OutputFormat, u32, u32)> = made
        .iter()
        .map(|(variant, _)| (variant.format, variant.width, variant.height))
        .collect();
    let webp = OutputFormat::WebP { lossless: false };
    assert_eq!(
        sizes,
        [
            (webp, 16, 32),
            (webp, 24, 48),
            (OutputFormat::Jpeg, 16, 32),
            (OutputFormat::Jpeg, 24, 48)
        ]
    );
    for (variant, bytes) in &made {
        let reader = ImageReader::new(Cursor::new(bytes))
            .with_guessed_format()
            .unwrap();
        let mut decoder = reader.into_decoder().unwrap();
        assert_eq!(
            decoder.orientation().unwrap().to_exif(),
            1,
            "{}",
            variant.path
        );
        assert_eq!(decoder.exif_metadata().unwrap(), None, "{}", variant.path);
        assert_eq!(decoder.icc_profile().unwrap(), None, "{}", variant.path);
        let image = image::DynamicImage::from_decoder(decoder)
            .unwrap()
            .to_rgb8();
        assert_eq!(
            (image.width(), image.height()),
            (variant.width, variant.height)
        );
        // Turned clockwise, the left (red) half is on top and the right (blue) one below.
        let top = image.get_pixel(variant.width / 2, 2);
        let bottom = image.get_pixel(variant.width / 2, variant.height - 3);
        assert!(
            top[0] > 200 && top[2] < 60,
            "top {top:?} of {}",
            variant.path
        );
        assert!(
            bottom[2] > 200 && bottom[0] < 60,
            "bottom {bottom:?} of {}",
            variant.path
        );
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("Exif") && !text.contains("SN1"),
            "{}",
            variant.path
        );
        if variant.format == OutputFormat::Jpeg {
            assert_eq!(jpeg_metadata_segments(bytes), [] as [u8; 0]);
        } else {
            assert!(!text.contains("EXIF") && !text.contains("XMP") && !text.contains("ICCP"));
        }
    }
}

#[test]
fn the_same_source_and_settings_give_the_same_names_and_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let source = halves_jpeg(40, 30);
    let first = planned(dir.path(), "a.jpg", &source, &config(&[16, 32]));
    let again = planned(dir.path(), "a.jpg", &source, &config(&[16, 32]));
    assert_eq!(first, again);
    let made = |picture: &Picture| process::make(picture, &source, |_| true).unwrap();
    assert_eq!(made(&first), made(&again));
    let other_quality = ImagesConfig {
        quality: 50,
        ..config(&[16, 32])
    };
    let changed = planned(dir.path(), "a.jpg", &source, &other_quality);
    assert_ne!(first.files[0].path, changed.files[0].path);
}

#[test]
fn drawings_keep_their_format_with_a_lossless_webp() {
    let dir = tempfile::tempdir().unwrap();
    let mut png = Vec::new();
    image::RgbaImage::from_pixel(40, 20, image::Rgba([0, 128, 0, 128]))
        .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    let picture = planned(dir.path(), "Logo Grün.png", &png, &config(&[16, 32]));
    let formats: Vec<&str> = picture.files.iter().map(|v| v.path.as_str()).collect();
    assert_eq!(formats.len(), 4);
    assert!(formats[0].starts_with("/img/logo-gruen-16-") && formats[0].ends_with(".webp"));
    assert!(formats[3].starts_with("/img/logo-gruen-32-") && formats[3].ends_with(".png"));
    let made = process::make(&picture, &png, |_| true).unwrap();
    for (variant, bytes) in made {
        let image = image::load_from_memory(&bytes).unwrap();
        assert!(image.color().has_alpha(), "{}", variant.path);
        assert_eq!(image.width(), variant.width);
    }
}

#[test]
fn svg_and_animations_pass_through_and_other_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="5"></svg>"#;
    let picture = planned(dir.path(), "plan.svg", svg, &config(&[16, 32]));
    assert_eq!(picture.kind, PictureKind::AsIs);
    assert_eq!(picture.files.len(), 1);
    assert_eq!(picture.files[0].file, dir.path().join("plan.svg"));
    assert!(picture.files[0].path.ends_with(".svg"));

    let mut gif = Vec::new();
    {
        let mut encoder = image::codecs::gif::GifEncoder::new(&mut gif);
        for shade in [0, 255] {
            let frame = image::RgbaImage::from_pixel(4, 4, image::Rgba([shade, 0, 0, 255]));
            encoder.encode_frame(image::Frame::new(frame)).unwrap();
        }
    }
    let animation = planned(dir.path(), "tanz.gif", &gif, &config(&[16, 32]));
    assert_eq!(animation.kind, PictureKind::AsIs);
    assert!(animation.files[0].path.ends_with(".gif"));

    let file = dir.path().join("kein-bild.jpg");
    std::fs::write(&file, "Hallo").unwrap();
    let error = plan(&file, "kein-bild.jpg", &config(&[16, 32]), dir.path()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "cannot read the image kein-bild.jpg: it is not a JPEG, PNG, WebP, GIF or SVG file"
    );
}

#[test]
fn the_picture_element_offers_every_width_and_the_first_is_not_lazy() {
    let dir = tempfile::tempdir().unwrap();
    let picture = planned(
        dir.path(),
        "feier.jpg",
        &halves_jpeg(40, 30),
        &config(&[16, 32]),
    );
    let shown = |first| Shown {
        alt: "Die Feier & Gäste",
        title: "",
        first,
        sizes: "100vw",
        link_base: "https://example.org",
    };
    let html = html(&picture, &shown(false));
    let names: Vec<_> = picture.files.iter().map(Variant::file_name).collect();
    assert_eq!(
        html,
        format!(
            "<picture><source type=\"image/webp\" srcset=\"https://example.org/img/{} 16w, https://example.org/img/{} 32w\" sizes=\"100vw\"><img src=\"https://example.org/img/{}\" srcset=\"https://example.org/img/{} 16w, https://example.org/img/{} 32w\" sizes=\"100vw\" width=\"32\" height=\"24\" loading=\"lazy\" decoding=\"async\" alt=\"Die Feier &amp; Gäste\"></picture>",
            names[0], names[1], names[3], names[2], names[3]
        )
    );
    let first = super::html(&picture, &shown(true));
    assert!(first.contains("fetchpriority=\"high\" decoding=\"async\"") && !first.contains("lazy"));
}

#[test]
fn a_jpeg_cut_off_is_told_from_a_whole_one() {
    let whole = halves_jpeg(64, 48);
    assert!(process::jpeg_is_whole(&whole));
    assert!(process::jpeg_is_whole(&with_exif(&whole)));
    let mut trailer = whole.clone();
    trailer.extend_from_slice(b"ftypisom und mehr, wie ein Video danach");
    assert!(process::jpeg_is_whole(&trailer));
    for cut in [whole.len() / 2, whole.len() - 2, 3] {
        assert!(!process::jpeg_is_whole(&whole[..cut]), "cut at {cut}");
    }
}

/// The full-size copy of a still GIF is a GIF of the same pixels (it has at most 256 colours,
/// which the encoder keeps); an animated GIF and an SVG get none, being published as they are.
#[test]
fn a_full_size_copy_keeps_a_gifs_kind_and_pixels() {
    let dir = tempfile::tempdir().unwrap();
    let still = image::RgbaImage::from_fn(6, 4, |x, y| {
        image::Rgba([(x * 40) as u8, (y * 60) as u8, 7, 255])
    });
    let mut gif = Vec::new();
    image::codecs::gif::GifEncoder::new(&mut gif)
        .encode(&still, 6, 4, image::ExtendedColorType::Rgba8)
        .unwrap();
    let file = dir.path().join("stand.gif");
    std::fs::write(&file, &gif).unwrap();
    let picture = plan_full_size(
        &file,
        "stand.gif",
        &config(&[16]),
        dir.path(),
        "/x/stand.gif",
    )
    .unwrap()
    .expect("a still GIF is copied afresh");
    assert_eq!(picture.files.len(), 1);
    assert_eq!(picture.files[0].path, "/x/stand.gif");
    assert_eq!(picture.files[0].format, OutputFormat::Gif);
    let made = process::make(&picture, &gif, |_| true).unwrap();
    let copy = image::load_from_memory(&made[0].1).unwrap().to_rgba8();
    assert_eq!(copy, still);

    let mut animated = Vec::new();
    let frames = [still.clone(), image::RgbaImage::new(6, 4)].map(image::Frame::new);
    image::codecs::gif::GifEncoder::new(&mut animated)
        .encode_frames(frames)
        .unwrap();
    std::fs::write(&file, &animated).unwrap();
    let svg = dir.path().join("plan.svg");
    std::fs::write(&svg, "<svg xmlns=\"http://www.w3.org/2000/svg\"/>").unwrap();
    for (file, shown) in [(&file, "stand.gif"), (&svg, "plan.svg")] {
        assert_eq!(
            plan_full_size(file, shown, &config(&[16]), dir.path(), "/x/y"),
            Ok(None),
            "{shown}"
        );
    }
}

#[test]
fn a_webp_is_told_lossless_by_its_image_chunk() {
    let pixels = image::RgbImage::from_pixel(4, 4, image::Rgb([1, 2, 3]));
    let mut lossless = Vec::new();
    image::codecs::webp::WebPEncoder::new_lossless(&mut lossless)
        .write_image(&pixels, 4, 4, image::ExtendedColorType::Rgb8)
        .unwrap();
    assert!(process::is_lossless_webp(&lossless));
    let lossy = webp::Encoder::from_rgb(&pixels, 4, 4).encode(80.0);
    assert!(!process::is_lossless_webp(&lossy));
    // An extended file (VP8X) with an EXIF chunk before its image.
    let mut extended = b"RIFF\0\0\0\0WEBPVP8X\x0a\0\0\0".to_vec();
    extended.extend([0; 10]);
    extended.extend(b"EXIF\x03\0\0\0abc\0");
    extended.extend(&lossless[12..]);
    assert!(process::is_lossless_webp(&extended));
    assert!(!process::is_lossless_webp(b"RIFF"));
}
