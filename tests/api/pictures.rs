//! Pictures the tests send: a plain JPEG, and a phone photo carrying EXIF
//! with a place in it, to show that nothing of it is kept.

use image::ImageEncoder;

/// The text in [`photo`]'s EXIF (an ImageDescription a camera app could
/// fill with a place), easy to look for in the bytes.
pub(crate) const SECRET: &[u8] = b"GPS-4.3217S-15.3125E";

/// A `width` × `height` JPEG of one colour.
pub(crate) fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let picture = image::RgbImage::from_pixel(width, height, image::Rgb([200, 60, 60]));
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new(&mut bytes)
        .write_image(&picture, width, height, image::ExtendedColorType::Rgb8)
        .unwrap();
    bytes
}

/// A `width` × `height` JPEG, left half red and right half blue, carrying
/// EXIF with an orientation of 1 and [`SECRET`].
pub(crate) fn photo(width: u32, height: u32) -> Vec<u8> {
    let mut exif = b"II\x2a\0\x08\0\0\0\x02\0".to_vec();
    exif.extend_from_slice(&[0x12, 0x01, 3, 0, 1, 0, 0, 0, 1, 0, 0, 0]);
    let offset = 38u32;
    exif.extend_from_slice(&[0x0e, 0x01, 2, 0]);
    exif.extend_from_slice(&(SECRET.len() as u32 + 1).to_le_bytes());
    exif.extend_from_slice(&offset.to_le_bytes());
    exif.extend_from_slice(&[0, 0, 0, 0]);
    exif.extend_from_slice(SECRET);
    exif.push(0);
    let picture = image::RgbImage::from_fn(width, height, |x, _| {
        if x < width / 2 {
            image::Rgb([220, 20, 20])
        } else {
            image::Rgb([20, 20, 220])
        }
    });
    let mut bytes = Vec::new();
    let mut encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 90);
    encoder.set_exif_metadata(exif).unwrap();
    encoder
        .write_image(&picture, width, height, image::ExtendedColorType::Rgb8)
        .unwrap();
    assert!(contains(&bytes, SECRET), "the fixture carries its EXIF");
    bytes
}

pub(crate) fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
