//! Draws photo-like JPEGs (a sky, a sun, hills, a texture), so that the example site and the
//! image benchmark have photos of their own making and nothing copied from elsewhere:
//!
//!     cargo run --release --example photos -- DIR COUNT WIDTH HEIGHT [FIRST]
//!
//! writes DIR/foto-0001.jpg … (numbered from FIRST, default 1). The same arguments give the same
//! bytes. The example site's photos were made with
//! `cargo run --release --example photos -- /tmp/fotos 3 2400 1600` and renamed.

use std::io::BufWriter;
use std::path::PathBuf;

use image::codecs::jpeg::JpegEncoder;
use image::{Rgb, RgbImage};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |at: usize, default: Option<u32>| -> u32 {
        args.get(at)
            .and_then(|text| text.parse().ok())
            .or(default)
            .unwrap_or_else(|| {
                eprintln!("usage: photos DIR COUNT WIDTH HEIGHT [FIRST]");
                std::process::exit(2)
            })
    };
    let dir = PathBuf::from(args.first().cloned().unwrap_or_else(|| {
        eprintln!("usage: photos DIR COUNT WIDTH HEIGHT [FIRST]");
        std::process::exit(2)
    }));
    let (count, width, height, first) = (
        number(1, None),
        number(2, None),
        number(3, None),
        number(4, Some(1)),
    );
    std::fs::create_dir_all(&dir).expect("the folder for the photos");
    for n in first..first + count {
        let image = draw(n, width, height);
        let path = dir.join(format!("foto-{n:04}.jpg"));
        let file = std::fs::File::create(&path).expect("a photo file");
        JpegEncoder::new_with_quality(BufWriter::new(file), 82)
            .encode_image(&image)
            .expect("the photo encodes");
    }
}

/// Photo `n`: its hues, sun and hills vary with `n`.
fn draw(n: u32, width: u32, height: u32) -> RgbImage {
    let seed = n.wrapping_mul(2_654_435_761);
    let hue = f64::from(seed % 360) / 360.0;
    let (w, h) = (f64::from(width), f64::from(height));
    let sun = (w * (0.2 + 0.6 * f64::from(seed % 97) / 97.0), h * 0.3);
    let phase = f64::from(seed % 628) / 100.0;
    RgbImage::from_fn(width, height, |x, y| {
        let (fx, fy) = (f64::from(x), f64::from(y));
        let hill = h * (0.62 + 0.08 * (fx / w * 6.0 + phase).sin() + 0.04 * (fx / w * 17.0).sin());
        // A fine texture, as grass and leaves give a real photo, so the file sizes are those of
        // photos rather than of flat drawings.
        let grain = (((x.wrapping_mul(7919) ^ y.wrapping_mul(104_729)) % 5) as f64 - 2.0) * 1.0;
        let colour = if fy > hill {
            let depth = (fy - hill) / (h - hill + 1.0);
            [
                40.0 + 60.0 * hue,
                110.0 - 50.0 * depth,
                40.0 + 30.0 * (1.0 - hue),
            ]
        } else {
            let distance = ((fx - sun.0).powi(2) + (fy - sun.1).powi(2)).sqrt();
            if distance < h * 0.08 {
                [255.0, 230.0, 150.0]
            } else {
                let glow = (1.0 - distance / w).max(0.0) * 60.0;
                let sky = fy / hill;
                [
                    90.0 + 100.0 * hue * sky + glow,
                    140.0 + 60.0 * sky + glow * 0.8,
                    230.0 - 40.0 * sky,
                ]
            }
        };
        let channel = |value: f64| (value + grain).clamp(0.0, 255.0) as u8;
        Rgb([channel(colour[0]), channel(colour[1]), channel(colour[2])])
    })
}
