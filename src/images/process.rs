//! Making a picture's variants: decode, turn upright by the EXIF orientation, resize, and encode
//! afresh, which leaves every piece of metadata (EXIF, GPS, XMP, ICC profiles) behind.

use std::io::Cursor;

use image::codecs::gif::{GifDecoder, GifEncoder};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::imageops::FilterType;
use image::metadata::Orientation;
use image::{AnimationDecoder, DynamicImage, ImageEncoder, ImageReader};

use super::{OutputFormat, Picture, PictureKind, Variant};

/// Whether a GIF has more than one frame (an animation is published as it is).
pub fn is_animated_gif(bytes: &[u8]) -> bool {
    GifDecoder::new(Cursor::new(bytes))
        .map(|decoder| decoder.into_frames().take(2).count() > 1)
        .unwrap_or(false)
}

/// Whether the WebP in `bytes` is lossless (a `VP8L` image rather than a `VP8 ` one), so that
/// its full-size copy stays lossless; the chunks of the RIFF container are walked by their sizes.
pub fn is_lossless_webp(bytes: &[u8]) -> bool {
    let mut at = 12;
    while let Some(header) = bytes.get(at..at + 8) {
        match &header[..4] {
            b"VP8L" => return true,
            b"VP8 " => return false,
            _ => {}
        }
        let size = u32::from_le_bytes([header[4], header[5], header[6], header[7]]);
        let Ok(size) = usize::try_from(size) else {
            return false;
        };
        // Chunks are padded to an even length; an animation's frames hold their images inside.
        let skip = if &header[..4] == b"ANMF" {
            16
        } else {
            size + (size & 1)
        };
        at = at.saturating_add(8).saturating_add(skip);
    }
    false
}

/// The bytes of every variant of `picture` whose file name `wanted` accepts, decoding the
/// source once; the variants of a file published as it is are its own bytes.
pub fn make(
    picture: &Picture,
    source: &[u8],
    wanted: impl Fn(&Variant) -> bool,
) -> Result<Vec<(Variant, Vec<u8>)>, String> {
    let todo: Vec<&Variant> = picture.files.iter().filter(|v| wanted(v)).collect();
    if todo.is_empty() {
        return Ok(Vec::new());
    }
    let PictureKind::Resized {
        orientation,
        quality,
        ..
    } = picture.kind
    else {
        return Ok(todo
            .into_iter()
            .map(|v| (v.clone(), source.to_vec()))
            .collect());
    };
    if source.starts_with(&[0xFF, 0xD8]) && !jpeg_is_whole(source) {
        return Err("the file ends before the picture does, as if cut off".to_owned());
    }
    let mut image = ImageReader::new(Cursor::new(source))
        .with_guessed_format()
        .map_err(|error| error.to_string())?
        .decode()
        .map_err(|error| error.to_string())?;
    if let Some(orientation) = Orientation::from_exif(orientation) {
        image.apply_orientation(orientation);
    }
    // Each width is resized once for all its formats, the widest from the source and each
    // narrower one from the one before: resizing a 12-megapixel photo four times costs more
    // than all the encoding.
    let mut sizes: Vec<(u32, u32)> = todo.iter().map(|v| (v.width, v.height)).collect();
    sizes.sort_unstable_by(|a, b| b.cmp(a));
    sizes.dedup();
    let mut resized: Vec<((u32, u32), DynamicImage)> = Vec::with_capacity(sizes.len());
    for (width, height) in sizes {
        let from = resized.last().map_or(&image, |(_, image)| image);
        let next = if (width, height) == (from.width(), from.height()) {
            from.clone()
        } else {
            from.resize_exact(width, height, FilterType::CatmullRom)
        };
        resized.push(((width, height), next));
    }
    let mut made = Vec::with_capacity(todo.len());
    for variant in todo {
        let Some((_, image)) = resized
            .iter()
            .find(|(size, _)| *size == (variant.width, variant.height))
        else {
            return Err(format!("no image of {} pixels was made", variant.width));
        };
        made.push((variant.clone(), encode(image, variant.format, quality)?));
    }
    Ok(made)
}

/// Whether the JPEG in `bytes` reaches its end marker. The decoder fills a file cut off halfway
/// with grey, as browsers do, so a photo damaged while copying would be published half grey.
/// The segments are walked by their lengths and the compressed data up to the next marker (in
/// which a 0xFF byte is followed by 0 or is a restart marker), so what follows the end (the
/// video of a motion photo, a camera's trailer) does not count.
pub fn jpeg_is_whole(bytes: &[u8]) -> bool {
    let length_at = |at: usize| {
        bytes
            .get(at..at + 2)
            .map(|pair| usize::from(u16::from_be_bytes([pair[0], pair[1]])))
    };
    let mut at = 2;
    loop {
        // Bytes between segments are skipped, as decoders skip them.
        let Some(found) = bytes[at.min(bytes.len())..].iter().position(|&b| b == 0xFF) else {
            return false;
        };
        at += found;
        while bytes.get(at) == Some(&0xFF) {
            at += 1;
        }
        let Some(&marker) = bytes.get(at) else {
            return false;
        };
        at += 1;
        match marker {
            0xD9 => return true,
            0x01 | 0xD0..=0xD8 => {}
            _ => {
                let Some(length) = length_at(at) else {
                    return false;
                };
                at += length;
                if at > bytes.len() {
                    return false;
                }
                if marker == 0xDA {
                    // The compressed data of the scan, up to the marker that ends it.
                    let scan = bytes[at..].windows(2).position(|pair| {
                        pair[0] == 0xFF && pair[1] != 0 && !(0xD0..=0xD7).contains(&pair[1])
                    });
                    let Some(end) = scan else {
                        return false;
                    };
                    at += end;
                }
            }
        }
    }
}

fn encode(image: &DynamicImage, format: OutputFormat, quality: u8) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let failed = |error: image::ImageError| error.to_string();
    match format {
        OutputFormat::Jpeg => {
            let rgb = image.to_rgb8();
            JpegEncoder::new_with_quality(&mut out, quality)
                .write_image(
                    &rgb,
                    rgb.width(),
                    rgb.height(),
                    image::ExtendedColorType::Rgb8,
                )
                .map_err(failed)?;
        }
        OutputFormat::Png => {
            let encoder =
                PngEncoder::new_with_quality(&mut out, CompressionType::Best, PngFilter::Adaptive);
            if image.color().has_alpha() {
                let rgba = image.to_rgba8();
                encoder.write_image(
                    &rgba,
                    rgba.width(),
                    rgba.height(),
                    image::ExtendedColorType::Rgba8,
                )
            } else {
                let rgb = image.to_rgb8();
                encoder.write_image(
                    &rgb,
                    rgb.width(),
                    rgb.height(),
                    image::ExtendedColorType::Rgb8,
                )
            }
            .map_err(failed)?;
        }
        OutputFormat::WebP { lossless } => {
            let rgba;
            let rgb;
            let encoder = if image.color().has_alpha() {
                rgba = image.to_rgba8();
                webp::Encoder::from_rgba(&rgba, rgba.width(), rgba.height())
            } else {
                rgb = image.to_rgb8();
                webp::Encoder::from_rgb(&rgb, rgb.width(), rgb.height())
            };
            let encoded = if lossless {
                encoder.encode_lossless()
            } else {
                encoder.encode(f32::from(quality))
            };
            out.extend_from_slice(&encoded);
        }
        OutputFormat::Gif => {
            let rgba = image.to_rgba8();
            // A still GIF's frame has at most 256 colours, which the encoder keeps exactly.
            GifEncoder::new(&mut out)
                .encode(
                    &rgba,
                    rgba.width(),
                    rgba.height(),
                    image::ExtendedColorType::Rgba8,
                )
                .map_err(failed)?;
        }
        OutputFormat::AsIs => return Err("a file published as it is is not encoded".to_owned()),
    }
    Ok(out)
}
