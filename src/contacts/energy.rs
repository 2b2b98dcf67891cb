//! The audio energy envelope (field notes: `GET /api/rest/recording/media/energy/{id}?dataPoints=N`
//! answers `{"channel_0": [...], "channel_1": [...]}` with N points per channel).
//!
//! A WAV recording is decoded (PCM 8/16/24/32-bit, IEEE float 32/64, G.711 A-law and µ-law, plain
//! or `WAVE_FORMAT_EXTENSIBLE`) and its frames are cut into N equal windows; each point is the
//! RMS of one channel's samples in one window, as a fraction of full scale (0 to 1, 4 decimals).
//! Other formats (Opus, Speex, WebM, WMV) are compressed and not decoded: their envelope is
//! derived from the file's bytes, read as unsigned 8-bit samples of two interleaved channels
//! (a WAV file whose header cannot be read is treated the same way). The file is read in
//! chunks, so memory stays bounded whatever its length.

use std::io::{Read, Seek, SeekFrom};

/// Largest `dataPoints`.
pub const MAX_DATA_POINTS: usize = 10_000;
/// `dataPoints` when the request gives none.
pub const DEFAULT_DATA_POINTS: usize = 100;
/// Bytes read per chunk (rounded down to whole frames).
const READ_CHUNK: usize = 64 * 1024;
/// Most channels decoded; a file claiming more is read as bytes.
const MAX_CHANNELS: usize = 16;
/// Largest `fmt ` chunk read (the standard ones have 16, 18 or 40 bytes).
const MAX_FMT_CHUNK: u64 = 1024;

/// How one sample is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    U8,
    I16,
    I24,
    I32,
    F32,
    F64,
    ALaw,
    MuLaw,
}

impl Encoding {
    /// Bytes per sample.
    pub fn width(self) -> usize {
        match self {
            Encoding::U8 | Encoding::ALaw | Encoding::MuLaw => 1,
            Encoding::I16 => 2,
            Encoding::I24 => 3,
            Encoding::I32 | Encoding::F32 => 4,
            Encoding::F64 => 8,
        }
    }

    /// The sample as a fraction of full scale, -1 to 1.
    fn decode(self, b: &[u8]) -> f64 {
        let v = match self {
            Encoding::U8 => (b[0] as f64 - 128.0) / 128.0,
            Encoding::I16 => i16::from_le_bytes([b[0], b[1]]) as f64 / 32_768.0,
            Encoding::I24 => (i32::from_le_bytes([0, b[0], b[1], b[2]]) >> 8) as f64 / 8_388_608.0,
            Encoding::I32 => i32::from_le_bytes([b[0], b[1], b[2], b[3]]) as f64 / 2_147_483_648.0,
            Encoding::F32 => f32::from_le_bytes([b[0], b[1], b[2], b[3]]) as f64,
            Encoding::F64 => f64::from_le_bytes(b[..8].try_into().expect("8 bytes")),
            Encoding::ALaw => alaw(b[0]) as f64 / 32_768.0,
            Encoding::MuLaw => mulaw(b[0]) as f64 / 32_768.0,
        };
        if v.is_finite() {
            v.clamp(-1.0, 1.0)
        } else {
            0.0
        }
    }
}

/// G.711 A-law to 16-bit linear.
fn alaw(byte: u8) -> i16 {
    let a = byte ^ 0x55;
    let exponent = (a & 0x70) >> 4;
    let mantissa = (a & 0x0F) as i16;
    let magnitude = match exponent {
        0 => (mantissa << 4) + 8,
        e => ((mantissa << 4) + 0x108) << (e - 1),
    };
    if a & 0x80 != 0 { magnitude } else { -magnitude }
}

/// G.711 µ-law to 16-bit linear.
fn mulaw(byte: u8) -> i16 {
    let u = !byte;
    let exponent = (u & 0x70) >> 4;
    let mantissa = (u & 0x0F) as i16;
    let magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84;
    if u & 0x80 != 0 { -magnitude } else { magnitude }
}

/// The samples of a file: how many channels, how each sample is stored, how many bytes of
/// sample data follow the current read position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    pub channels: usize,
    pub encoding: Encoding,
    pub data_len: u64,
}

/// The envelope: one list of `points` values per channel.
#[derive(Debug, Clone, PartialEq)]
pub struct Envelope {
    pub channels: Vec<Vec<f64>>,
    /// True when the points are decoded audio; false when derived from the file's bytes.
    pub decoded: bool,
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn skip(r: &mut impl Read, n: u64) -> Option<()> {
    let skipped = std::io::copy(&mut r.take(n), &mut std::io::sink()).ok()?;
    (skipped == n).then_some(())
}

/// The encoding a `fmt ` chunk describes, with its channel count; `None` for one not decoded.
fn format(fmt: &[u8]) -> Option<(usize, Encoding)> {
    let mut tag = u16_at(fmt, 0);
    let channels = u16_at(fmt, 2) as usize;
    let bits = u16_at(fmt, 14);
    // WAVE_FORMAT_EXTENSIBLE: the format is the first two bytes of the sub-format GUID.
    if tag == 0xFFFE && fmt.len() >= 26 {
        tag = u16_at(fmt, 24);
    }
    let encoding = match (tag, bits) {
        (1, 8) => Encoding::U8,
        (1, 16) => Encoding::I16,
        (1, 24) => Encoding::I24,
        (1, 32) => Encoding::I32,
        (3, 32) => Encoding::F32,
        (3, 64) => Encoding::F64,
        (6, 8) => Encoding::ALaw,
        (7, 8) => Encoding::MuLaw,
        _ => return None,
    };
    (1..=MAX_CHANNELS)
        .contains(&channels)
        .then_some((channels, encoding))
}

/// Reads a RIFF/WAVE header of a file of `file_len` bytes up to the start of its sample data.
/// `None` when it is not a WAV file this module decodes. A data chunk longer than the file (a
/// streamed WAV's placeholder size) ends with the file.
pub fn read_wav_header(r: &mut impl Read, file_len: u64) -> Option<Layout> {
    let mut riff = [0u8; 12];
    r.read_exact(&mut riff).ok()?;
    if &riff[..4] != b"RIFF" || &riff[8..] != b"WAVE" {
        return None;
    }
    let mut pos = 12u64;
    let mut found = None;
    loop {
        let mut head = [0u8; 8];
        r.read_exact(&mut head).ok()?;
        pos += 8;
        let size = u32::from_le_bytes([head[4], head[5], head[6], head[7]]) as u64;
        match &head[..4] {
            b"fmt " => {
                if !(16..=MAX_FMT_CHUNK).contains(&size) {
                    return None;
                }
                let mut fmt = vec![0u8; size as usize];
                r.read_exact(&mut fmt).ok()?;
                skip(r, size & 1)?;
                pos += size + (size & 1);
                found = Some(format(&fmt)?);
            }
            b"data" => {
                let (channels, encoding) = found?;
                return Some(Layout {
                    channels,
                    encoding,
                    data_len: size.min(file_len.saturating_sub(pos)),
                });
            }
            _ => {
                skip(r, size + (size & 1))?;
                pos += size + (size & 1);
            }
        }
    }
}

/// Reads until `buf` is full or the input ends; the number of bytes read.
fn fill(r: &mut impl Read, buf: &mut [u8]) -> usize {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) | Err(_) => break,
            Ok(k) => n += k,
        }
    }
    n
}

/// The RMS envelope of the samples `layout` describes, read from `r`: the frames are cut into
/// `points` equal windows (window i holds frames i·F/N up to (i+1)·F/N); an empty window (more
/// points than frames) is 0.
pub fn rms(r: &mut impl Read, layout: Layout, points: usize) -> Vec<Vec<f64>> {
    if points == 0 {
        return vec![Vec::new(); layout.channels];
    }
    let width = layout.encoding.width();
    let frame = layout.channels * width;
    let frames = layout.data_len / frame as u64;
    let boundary = |i: usize| (i as u128 * frames as u128 / points as u128) as u64;
    let mut out = vec![Vec::with_capacity(points); layout.channels];
    let mut sums = vec![0f64; layout.channels];
    let mut count = 0u64;
    let flush = |out: &mut Vec<Vec<f64>>, sums: &mut Vec<f64>, count: &mut u64| {
        for (channel, sum) in out.iter_mut().zip(sums.iter_mut()) {
            let value = if *count == 0 {
                0.0
            } else {
                (*sum / *count as f64).sqrt()
            };
            channel.push((value * 10_000.0).round() / 10_000.0);
            *sum = 0.0;
        }
        *count = 0;
    };
    let mut window = 0usize;
    let mut end = boundary(1);
    let mut input = r.take(frames * frame as u64);
    let mut buf = vec![0u8; frame * (READ_CHUNK / frame).max(1)];
    let mut k = 0u64;
    loop {
        let n = fill(&mut input, &mut buf);
        for chunk in buf[..n - n % frame].chunks_exact(frame) {
            while k >= end && window < points {
                flush(&mut out, &mut sums, &mut count);
                window += 1;
                end = boundary(window + 1);
            }
            for (c, sample) in chunk.chunks_exact(width).enumerate() {
                let v = layout.encoding.decode(sample);
                sums[c] += v * v;
            }
            count += 1;
            k += 1;
        }
        if n < buf.len() {
            break;
        }
    }
    while window < points {
        flush(&mut out, &mut sums, &mut count);
        window += 1;
    }
    out
}

/// The envelope of a file of `len` bytes with `points` points per channel: decoded when `wav`
/// and its header is readable, else derived from the bytes. Always at least two channels, as
/// clients read `channel_0` and `channel_1`: a mono recording gives its envelope for both.
pub fn envelope<R: Read + Seek>(r: &mut R, len: u64, wav: bool, points: usize) -> Envelope {
    let decoded = if wav { read_wav_header(r, len) } else { None };
    let (layout, decoded_audio) = match decoded {
        Some(layout) => (layout, true),
        None => {
            if r.seek(SeekFrom::Start(0)).is_err() {
                return Envelope {
                    channels: vec![vec![0.0; points]; 2],
                    decoded: false,
                };
            }
            let bytes = Layout {
                channels: 2,
                encoding: Encoding::U8,
                data_len: len,
            };
            (bytes, false)
        }
    };
    let mut channels = rms(r, layout, points);
    if channels.len() == 1 {
        channels.push(channels[0].clone());
    }
    Envelope {
        channels,
        decoded: decoded_audio,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn wav(channels: u16, tag: u16, bits: u16, data: &[u8]) -> Vec<u8> {
        let mut v = b"RIFF".to_vec();
        v.extend_from_slice(&(36 + data.len() as u32).to_le_bytes());
        v.extend_from_slice(b"WAVEfmt ");
        v.extend_from_slice(&16u32.to_le_bytes());
        v.extend_from_slice(&tag.to_le_bytes());
        v.extend_from_slice(&channels.to_le_bytes());
        v.extend_from_slice(&8000u32.to_le_bytes());
        v.extend_from_slice(&(8000 * channels as u32 * bits as u32 / 8).to_le_bytes());
        v.extend_from_slice(&(channels * bits / 8).to_le_bytes());
        v.extend_from_slice(&bits.to_le_bytes());
        v.extend_from_slice(b"LIST\x03\0\0\0abc\0");
        v.extend_from_slice(b"data");
        v.extend_from_slice(&(data.len() as u32).to_le_bytes());
        v.extend_from_slice(data);
        v
    }

    fn of(bytes: &[u8], wav: bool, points: usize) -> Envelope {
        envelope(&mut Cursor::new(bytes), bytes.len() as u64, wav, points)
    }

    #[test]
    fn stereo_16_bit_windows_are_rms_per_channel() {
        // Left: 16384 (0.5) then 0; right: -32768 (-1) then 8192 (0.25).
        let mut data = Vec::new();
        for (l, r) in [(16384i16, -32768i16), (16384, -32768), (0, 8192), (0, 8192)] {
            data.extend_from_slice(&l.to_le_bytes());
            data.extend_from_slice(&r.to_le_bytes());
        }
        let e = of(&wav(2, 1, 16, &data), true, 2);
        assert!(e.decoded);
        assert_eq!(e.channels, vec![vec![0.5, 0.0], vec![1.0, 0.25]]);
        let one = of(&wav(2, 1, 16, &data), true, 1);
        // sqrt((0.25 + 0.25) / 4) and sqrt((1 + 1 + 0.0625 + 0.0625) / 4)
        assert_eq!(one.channels, vec![vec![0.3536], vec![0.7289]]);
    }

    #[test]
    fn mono_is_given_for_both_channels_and_empty_windows_are_zero() {
        let e = of(&wav(1, 1, 8, &[255, 1]), true, 4);
        // 255 → 127/128, 1 → -127/128; windows 0 and 2 are empty with 2 frames in 4 points.
        assert_eq!(e.channels[0], vec![0.0, 0.9922, 0.0, 0.9922]);
        assert_eq!(e.channels[1], e.channels[0]);
    }

    #[test]
    fn g711_decodes_to_the_standard_values() {
        assert_eq!(mulaw(0xFF), 0);
        assert_eq!(mulaw(0x00), -32124);
        assert_eq!(mulaw(0x80), 32124);
        assert_eq!(alaw(0xD5), 8);
        assert_eq!(alaw(0x55), -8);
        assert_eq!(alaw(0xAA), 32256);
        let e = of(&wav(1, 7, 8, &[0x80, 0x00]), true, 1);
        assert_eq!(e.channels[0], vec![0.9803]);
    }

    #[test]
    fn other_formats_and_broken_headers_derive_from_the_bytes() {
        let bytes = [128u8, 0, 128, 0, 255, 128, 255, 128];
        let e = of(&bytes, false, 2);
        assert!(!e.decoded);
        assert_eq!(e.channels, vec![vec![0.0, 0.9922], vec![1.0, 0.0]]);
        let broken = b"RIFF\0\0\0\0WAVEdata\x04\0\0\0\x80\x80\x80\x80";
        assert!(!of(broken, true, 3).decoded);
        assert_eq!(of(broken, true, 3).channels.len(), 2);
    }

    #[test]
    fn a_data_chunk_longer_than_the_file_ends_with_it() {
        let mut v = wav(1, 1, 8, &[0, 0]);
        let at = v.len() - 6;
        v[at..at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
        let e = of(&v, true, 2);
        assert!(e.decoded);
        assert_eq!(e.channels[0], vec![1.0, 1.0]);
    }
}
