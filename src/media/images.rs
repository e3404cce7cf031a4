//! Turning an uploaded picture into what pages show: decoded within limits,
//! turned upright by its EXIF orientation, resized into a full, a phone
//! and a thumbnail variant, each re-encoded from its pixels alone.
//!
//! Re-encoding is what removes the metadata: the encoders write pixels and
//! nothing else, so a photo's EXIF (the camera, the time, the GPS position
//! of a hearing or a detention centre) never reaches storage. The original
//! bytes are never kept.
//!
//! Pure functions, no I/O: callers run [`process`] on a blocking thread.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageFormat, ImageReader, Limits};

/// Largest side of each variant, in pixels: full, phone, thumbnail.
#[derive(Clone, Copy, Debug)]
pub struct Sides(pub u32, pub u32, pub u32);

/// A picture on a post or comment.
pub const ATTACHMENT: Sides = Sides(2048, 1080, 400);
/// A profile picture, shown small beside names.
pub const AVATAR: Sides = Sides(512, 256, 96);

/// A picture wider or taller than this is refused before its pixels are
/// decoded, and no decoder may allocate more than [`MAX_ALLOC`].
const MAX_SIDE: u32 = 12_000;
const MAX_ALLOC: u64 = 512 * 1024 * 1024;
const JPEG_QUALITY: u8 = 82;

/// One encoded variant.
#[derive(Debug)]
pub struct Variant {
    pub bytes: Vec<u8>,
    pub media_type: &'static str,
    pub width: u32,
    pub height: u32,
}

/// The three variants of a picture.
#[derive(Debug)]
pub struct Processed {
    pub full: Variant,
    pub phone: Variant,
    pub thumb: Variant,
}

/// Why a picture could not be used, in words for the person who sent it.
#[derive(Debug, thiserror::Error)]
pub enum PictureError {
    #[error("this picture is in a format we do not read (JPEG, PNG, GIF and WebP are)")]
    Format,
    #[error("this picture is larger than {MAX_SIDE} pixels on a side")]
    TooLarge,
    #[error("this picture is damaged and cannot be read")]
    Damaged,
}

/// Whether `media_type` (sniffed from the bytes) is a picture we process.
pub fn is_picture(media_type: &str) -> bool {
    matches!(
        media_type,
        "image/jpeg" | "image/png" | "image/gif" | "image/webp"
    )
}

/// Decodes `bytes`, turns the picture upright and makes its variants.
pub fn process(bytes: &[u8], sides: Sides) -> Result<Processed, PictureError> {
    let picture = decode(bytes)?;
    // Pictures with transparency stay PNG; photos become JPEG.
    let keep_alpha = picture.color().has_alpha() && has_transparency(&picture);
    let full = fit(&picture, sides.0);
    let phone = fit(&full, sides.1);
    let thumb = fit(&phone, sides.2);
    Ok(Processed {
        full: encode(&full, keep_alpha)?,
        phone: encode(&phone, keep_alpha)?,
        thumb: encode(&thumb, keep_alpha)?,
    })
}

fn decode(bytes: &[u8]) -> Result<DynamicImage, PictureError> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| PictureError::Format)?;
    match reader.format() {
        Some(ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::Gif | ImageFormat::WebP) => {}
        _ => return Err(PictureError::Format),
    }
    let mut decoder = reader.into_decoder().map_err(|_| PictureError::Damaged)?;
    let (width, height) = decoder.dimensions();
    if width == 0 || height == 0 {
        return Err(PictureError::Damaged);
    }
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(PictureError::TooLarge);
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    decoder.set_limits(limits).map_err(|e| match e {
        image::ImageError::Limits(_) => PictureError::TooLarge,
        _ => PictureError::Damaged,
    })?;
    // A missing or unreadable orientation leaves the picture as stored.
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut picture = DynamicImage::from_decoder(decoder).map_err(|e| match e {
        image::ImageError::Limits(_) => PictureError::TooLarge,
        _ => PictureError::Damaged,
    })?;
    picture.apply_orientation(orientation);
    Ok(picture)
}

/// Whether any pixel is not fully opaque (a PNG often carries an alpha
/// channel it does not use; such a picture is a photo all the same).
fn has_transparency(picture: &DynamicImage) -> bool {
    match picture {
        DynamicImage::ImageRgba8(p) => p.pixels().any(|px| px.0[3] < 255),
        DynamicImage::ImageLumaA8(p) => p.pixels().any(|px| px.0[1] < 255),
        other => other.to_rgba8().pixels().any(|px| px.0[3] < 255),
    }
}

/// The picture scaled down (never up) to fit `side` × `side`.
fn fit(picture: &DynamicImage, side: u32) -> DynamicImage {
    if picture.width() <= side && picture.height() <= side {
        return picture.clone();
    }
    // `thumbnail` averages the pixels each new one covers: as good as a
    // filter when shrinking, and several times faster on a 12-megapixel
    // photo.
    picture.thumbnail(side, side)
}

fn encode(picture: &DynamicImage, keep_alpha: bool) -> Result<Variant, PictureError> {
    let (width, height) = (picture.width(), picture.height());
    let mut bytes = Vec::new();
    let media_type = if keep_alpha {
        let rgba = picture.to_rgba8();
        PngEncoder::new(&mut bytes)
            .write_image(&rgba, width, height, image::ExtendedColorType::Rgba8)
            .map_err(|_| PictureError::Damaged)?;
        "image/png"
    } else {
        let rgb = picture.to_rgb8();
        JpegEncoder::new_with_quality(&mut bytes, JPEG_QUALITY)
            .write_image(&rgb, width, height, image::ExtendedColorType::Rgb8)
            .map_err(|_| PictureError::Damaged)?;
        "image/jpeg"
    };
    Ok(Variant {
        bytes,
        media_type,
        width,
        height,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A little-endian EXIF block with an orientation and a GPS latitude
    /// reference whose text is easy to look for.
    fn exif(orientation: u8) -> Vec<u8> {
        let mut exif = b"II\x2a\0\x08\0\0\0\x02\0".to_vec();
        // Orientation (0x0112), SHORT, 1 value.
        exif.extend_from_slice(&[0x12, 0x01, 3, 0, 1, 0, 0, 0, orientation, 0, 0, 0]);
        // ImageDescription (0x010e), ASCII, 8 bytes at offset 38.
        exif.extend_from_slice(&[0x0e, 0x01, 2, 0, 8, 0, 0, 0, 38, 0, 0, 0]);
        exif.extend_from_slice(&[0, 0, 0, 0]);
        exif.extend_from_slice(b"GPS-4.3\0");
        exif
    }

    /// A 300 × 200 JPEG, left half red, with the EXIF above.
    pub(crate) fn photo_with_exif(orientation: u8) -> Vec<u8> {
        let picture = image::RgbImage::from_fn(300, 200, |x, _| {
            if x < 150 {
                image::Rgb([220, 20, 20])
            } else {
                image::Rgb([20, 20, 220])
            }
        });
        let mut bytes = Vec::new();
        let mut encoder = JpegEncoder::new_with_quality(&mut bytes, 90);
        encoder.set_exif_metadata(exif(orientation)).unwrap();
        encoder
            .write_image(&picture, 300, 200, image::ExtendedColorType::Rgb8)
            .unwrap();
        bytes
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn metadata_is_removed_from_every_variant() {
        let photo = photo_with_exif(1);
        assert!(contains(&photo, b"Exif"), "the fixture carries EXIF");
        assert!(contains(&photo, b"GPS-4.3"));
        let processed = process(&photo, ATTACHMENT).unwrap();
        for variant in [&processed.full, &processed.phone, &processed.thumb] {
            assert!(!contains(&variant.bytes, b"Exif"));
            assert!(!contains(&variant.bytes, b"GPS-4.3"));
            assert_eq!(variant.media_type, "image/jpeg");
        }
    }

    #[test]
    fn a_turned_photo_is_stood_upright() {
        // Orientation 6: the camera was turned; shown rotated 90° clockwise.
        let processed = process(&photo_with_exif(6), ATTACHMENT).unwrap();
        assert_eq!((processed.full.width, processed.full.height), (200, 300));
        // The red half, on the left as stored, is now on top.
        let full = image::load_from_memory(&processed.full.bytes)
            .unwrap()
            .to_rgb8();
        assert!(full.get_pixel(100, 40).0[0] > 150);
        assert!(full.get_pixel(100, 260).0[2] > 150);
    }

    #[test]
    fn variants_fit_their_sides_and_keep_the_shape() {
        let big = DynamicImage::ImageRgb8(image::RgbImage::new(4000, 3000));
        let mut bytes = Vec::new();
        big.write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
            .unwrap();
        let processed = process(&bytes, ATTACHMENT).unwrap();
        assert_eq!((processed.full.width, processed.full.height), (2048, 1536));
        assert_eq!((processed.phone.width, processed.phone.height), (1080, 810));
        assert_eq!((processed.thumb.width, processed.thumb.height), (400, 300));
        // Opaque PNG: a photo, so JPEG.
        assert_eq!(processed.thumb.media_type, "image/jpeg");
    }

    #[test]
    fn transparency_stays_png_and_small_pictures_are_not_enlarged() {
        let mut icon = image::RgbaImage::new(64, 48);
        icon.get_pixel_mut(0, 0).0 = [0, 0, 0, 0];
        let mut bytes = Vec::new();
        DynamicImage::ImageRgba8(icon)
            .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
            .unwrap();
        let processed = process(&bytes, ATTACHMENT).unwrap();
        assert_eq!(processed.thumb.media_type, "image/png");
        assert_eq!((processed.thumb.width, processed.thumb.height), (64, 48));
    }

    #[test]
    fn bad_input_is_refused_with_a_reason() {
        assert!(matches!(
            process(b"%PDF-1.7 ...", ATTACHMENT),
            Err(PictureError::Format)
        ));
        let mut truncated = photo_with_exif(1);
        truncated.truncate(400);
        assert!(matches!(
            process(&truncated, ATTACHMENT),
            Err(PictureError::Damaged)
        ));
        // A PNG header that claims 20000 × 20000 pixels: refused before
        // anything is allocated.
        let mut huge = Vec::new();
        PngEncoder::new(&mut huge)
            .write_image(&[0; 3], 1, 1, image::ExtendedColorType::Rgb8)
            .unwrap();
        huge[16..20].copy_from_slice(&20_000u32.to_be_bytes());
        huge[20..24].copy_from_slice(&20_000u32.to_be_bytes());
        assert!(matches!(
            process(&huge, ATTACHMENT),
            Err(PictureError::TooLarge | PictureError::Damaged)
        ));
    }
}
