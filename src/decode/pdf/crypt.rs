//! Encrypted PDFs: the standard security handler with the empty user
//! password, as every reader opens a PDF that only has an owner password
//! (ISO 32000-2, 7.6.4).
//!
//! Revisions 2–4 (RC4 40–128 bit, and AES-128 through a crypt filter,
//! /V 4 /CFM /AESV2) derive the file key with MD5 (algorithm 2) and one key
//! per object; revisions 5 and 6 (AES-256, /AESV3) take the file key out
//! of /UE with SHA-256 (R5) or the hash of algorithm 2.B (R6). The empty
//! password is checked against /U first: a document that needs a real user
//! password is an error that says so. Every string and stream is
//! decrypted in place, but the encryption dictionary, cross-reference
//! streams and (when /EncryptMetadata is false) metadata streams.

use aes::cipher::{BlockDecrypt, BlockEncrypt, KeyInit, generic_array::GenericArray};
use lopdf::{Dictionary, Document, Object, ObjectId};
use md5::{Digest, Md5};
use sha2::{Sha256, Sha384, Sha512};

/// The padding of algorithm 2.
const PAD: [u8; 32] = [
    0x28, 0xBF, 0x4E, 0x5E, 0x4E, 0x75, 0x8A, 0x41, 0x64, 0x00, 0x4E, 0x56, 0xFF, 0xFA, 0x01, 0x08,
    0x2E, 0x2E, 0x00, 0xB6, 0xD0, 0x68, 0x3E, 0x80, 0x2F, 0x0C, 0xA9, 0xFE, 0x64, 0x53, 0x69, 0x7A,
];

/// How strings and streams are encrypted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Method {
    None,
    Rc4,
    Aes128,
    Aes256,
}

/// Why a PDF could not be decrypted.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Opening it needs a user password.
    Password,
    /// A handler or revision we do not read, or a broken dictionary.
    Unsupported(String),
}

/// Decrypts an encrypted document in place with the empty user password
/// and drops /Encrypt from the trailer; a document that is not encrypted
/// is left as it is.
pub fn decrypt(doc: &mut Document) -> Result<(), Refusal> {
    let Ok(enc_ref) = doc.trailer.get(b"Encrypt") else {
        return Ok(());
    };
    let enc_id = enc_ref.as_reference().ok();
    let dict = match enc_ref {
        Object::Dictionary(d) => d.clone(),
        _ => doc
            .get_dictionary(
                enc_id.ok_or(Refusal::Unsupported("/Encrypt is not a dictionary".into()))?,
            )
            .map_err(|_| Refusal::Unsupported("the /Encrypt dictionary is missing".into()))?
            .clone(),
    };
    let handler = Handler::new(doc, &dict)?;
    let metadata = dict
        .get(b"EncryptMetadata")
        .and_then(Object::as_bool)
        .unwrap_or(true);
    for (id, obj) in doc.objects.iter_mut() {
        if Some(*id) == enc_id {
            continue;
        }
        if let Object::Stream(s) = obj {
            let kind = s.dict.get(b"Type").and_then(Object::as_name).ok();
            if kind == Some(b"XRef") || (kind == Some(b"Metadata") && !metadata) {
                continue;
            }
        }
        handler.object(*id, obj);
    }
    doc.trailer.remove(b"Encrypt");
    Ok(())
}

/// The keys of one document.
struct Handler {
    key: Vec<u8>,
    strings: Method,
    streams: Method,
}

impl Handler {
    fn new(doc: &Document, d: &Dictionary) -> Result<Handler, Refusal> {
        let unsupported = |m: &str| Refusal::Unsupported(m.to_string());
        if d.get(b"Filter").and_then(Object::as_name).ok() != Some(b"Standard") {
            return Err(unsupported("not the standard security handler"));
        }
        let int = |k: &[u8]| d.get(k).and_then(Object::as_i64).ok();
        let bytes = |k: &[u8]| d.get(k).and_then(Object::as_str).ok().map(<[u8]>::to_vec);
        let v = int(b"V").unwrap_or(0);
        let r = int(b"R").ok_or(unsupported("no /R revision"))?;
        let o = bytes(b"O").ok_or(unsupported("no /O"))?;
        let u = bytes(b"U").ok_or(unsupported("no /U"))?;
        let method = |name: Option<&[u8]>| -> Result<Method, Refusal> {
            let Some(name) = name else {
                return Ok(Method::None);
            };
            if name == b"Identity" {
                return Ok(Method::None);
            }
            let cfm = d
                .get(b"CF")
                .and_then(Object::as_dict)
                .and_then(|cf| cf.get(name))
                .and_then(Object::as_dict)
                .and_then(|f| f.get(b"CFM"))
                .and_then(Object::as_name)
                .unwrap_or(b"None");
            match cfm {
                b"V2" => Ok(Method::Rc4),
                b"AESV2" => Ok(Method::Aes128),
                b"AESV3" => Ok(Method::Aes256),
                b"None" => Ok(Method::None),
                other => Err(Refusal::Unsupported(format!(
                    "crypt filter method {}",
                    String::from_utf8_lossy(other)
                ))),
            }
        };
        let (strings, streams) = match v {
            1 | 2 => (Method::Rc4, Method::Rc4),
            4 | 5 => (
                method(d.get(b"StrF").and_then(Object::as_name).ok())?,
                method(d.get(b"StmF").and_then(Object::as_name).ok())?,
            ),
            _ => return Err(Refusal::Unsupported(format!("encryption version /V {v}"))),
        };
        let key = match r {
            2..=4 => {
                let len = match v {
                    1 => 5,
                    _ => (int(b"Length").unwrap_or(40) / 8).clamp(5, 16) as usize,
                };
                let p = int(b"P").ok_or(unsupported("no /P"))? as i32;
                let id0 = doc
                    .trailer
                    .get(b"ID")
                    .and_then(Object::as_array)
                    .ok()
                    .and_then(|a| a.first())
                    .and_then(|o| o.as_str().ok())
                    .unwrap_or(&[]);
                let metadata = d
                    .get(b"EncryptMetadata")
                    .and_then(Object::as_bool)
                    .unwrap_or(true);
                let key = md5_key(r, len, &o, p, id0, metadata);
                if !user_ok_md5(r, &key, &u, id0) {
                    return Err(Refusal::Password);
                }
                key
            }
            5 | 6 => {
                let ue = bytes(b"UE").ok_or(unsupported("no /UE"))?;
                let (Some(hash), Some(vsalt), Some(ksalt)) =
                    (u.get(..32), u.get(32..40), u.get(40..48))
                else {
                    return Err(unsupported("/U is shorter than 48 bytes"));
                };
                if hash_r56(r, b"", vsalt, &[]) != hash {
                    return Err(Refusal::Password);
                }
                let k = hash_r56(r, b"", ksalt, &[]);
                let key = aes256_cbc_decrypt_raw(&k, &[0; 16], ue.get(..32).unwrap_or(&[]));
                if key.len() != 32 {
                    return Err(unsupported("/UE is shorter than 32 bytes"));
                }
                key
            }
            _ => return Err(Refusal::Unsupported(format!("revision /R {r}"))),
        };
        Ok(Handler {
            key,
            strings,
            streams,
        })
    }

    /// The key of one object (revisions 2–4), or the file key (5, 6).
    fn object_key(&self, id: ObjectId, m: Method) -> Vec<u8> {
        if m == Method::Aes256 {
            return self.key.clone();
        }
        let mut h = Md5::new();
        h.update(&self.key);
        h.update(&id.0.to_le_bytes()[..3]);
        h.update(&id.1.to_le_bytes()[..2]);
        if m == Method::Aes128 {
            h.update(b"sAlT");
        }
        let n = (self.key.len() + 5).min(16);
        h.finalize().get(..n).unwrap_or(&[]).to_vec()
    }

    fn object(&self, id: ObjectId, obj: &mut Object) {
        match obj {
            Object::String(s, _) => *s = self.bytes(id, self.strings, s),
            Object::Array(a) => a.iter_mut().for_each(|o| self.object(id, o)),
            Object::Dictionary(d) => self.dict(id, d),
            Object::Stream(st) => {
                self.dict(id, &mut st.dict);
                let data = self.bytes(id, self.streams, &st.content);
                st.set_content(data);
            }
            _ => {}
        }
    }

    fn dict(&self, id: ObjectId, d: &mut Dictionary) {
        for (_, v) in d.iter_mut() {
            self.object(id, v);
        }
    }

    fn bytes(&self, id: ObjectId, m: Method, data: &[u8]) -> Vec<u8> {
        match m {
            Method::None => data.to_vec(),
            Method::Rc4 => rc4(&self.object_key(id, m), data),
            Method::Aes128 | Method::Aes256 => {
                let key = self.object_key(id, m);
                let (Some(iv), Some(body)) = (data.get(..16), data.get(16..)) else {
                    return Vec::new();
                };
                let mut out = if m == Method::Aes128 {
                    aes128_cbc_decrypt_raw(&key, iv, body)
                } else {
                    aes256_cbc_decrypt_raw(&key, iv, body)
                };
                // PKCS#5 padding
                if let Some(&n) = out.last() {
                    let n = usize::from(n);
                    if (1..=16).contains(&n) && n <= out.len() {
                        out.truncate(out.len() - n);
                    }
                }
                out
            }
        }
    }
}

/// Algorithm 2: the file key of revisions 2–4 for the empty password.
fn md5_key(r: i64, len: usize, o: &[u8], p: i32, id0: &[u8], metadata: bool) -> Vec<u8> {
    let mut h = Md5::new();
    h.update(PAD);
    h.update(o.get(..32).unwrap_or(o));
    h.update(p.to_le_bytes());
    h.update(id0);
    if r >= 4 && !metadata {
        h.update([0xFF; 4]);
    }
    let mut key = h.finalize().to_vec();
    if r >= 3 {
        for _ in 0..50 {
            key = Md5::digest(key.get(..len).unwrap_or(&key)).to_vec();
        }
    }
    key.truncate(len);
    key
}

/// Algorithms 4 and 5: does the empty user password open the document?
fn user_ok_md5(r: i64, key: &[u8], u: &[u8], id0: &[u8]) -> bool {
    if r == 2 {
        return rc4(key, &PAD) == u.get(..32).unwrap_or(u);
    }
    let mut h = Md5::new();
    h.update(PAD);
    h.update(id0);
    let mut x = rc4(key, &h.finalize());
    for i in 1..=19u8 {
        let k: Vec<u8> = key.iter().map(|b| b ^ i).collect();
        x = rc4(&k, &x);
    }
    u.get(..16) == Some(&x[..])
}

/// The hash of revision 5 (SHA-256) and 6 (algorithm 2.B).
fn hash_r56(r: i64, password: &[u8], salt: &[u8], udata: &[u8]) -> Vec<u8> {
    let mut k = Sha256::new()
        .chain_update(password)
        .chain_update(salt)
        .chain_update(udata)
        .finalize()
        .to_vec();
    if r == 5 {
        return k;
    }
    let mut i: u32 = 0;
    loop {
        let mut k1 = Vec::with_capacity(64 * (password.len() + k.len() + udata.len()));
        for _ in 0..64 {
            k1.extend_from_slice(password);
            k1.extend_from_slice(&k);
            k1.extend_from_slice(udata);
        }
        let (Some(key), Some(iv)) = (k.get(..16), k.get(16..32)) else {
            return k;
        };
        let e = aes128_cbc_encrypt_raw(key, iv, &k1);
        let m = e.iter().take(16).map(|b| u32::from(*b)).sum::<u32>() % 3;
        k = match m {
            0 => Sha256::digest(&e).to_vec(),
            1 => Sha384::digest(&e).to_vec(),
            _ => Sha512::digest(&e).to_vec(),
        };
        i += 1;
        if i >= 64 && e.last().is_some_and(|l| u32::from(*l) + 32 <= i) {
            break;
        }
    }
    k.truncate(32);
    k
}

/// RC4 (the same call encrypts and decrypts).
fn rc4(key: &[u8], data: &[u8]) -> Vec<u8> {
    if key.is_empty() {
        return data.to_vec();
    }
    let mut s: [u8; 256] = std::array::from_fn(|i| i as u8);
    let mut j: u8 = 0;
    for i in 0..256 {
        j = j.wrapping_add(s[i]).wrapping_add(key[i % key.len()]);
        s.swap(i, usize::from(j));
    }
    let (mut i, mut j) = (0u8, 0u8);
    data.iter()
        .map(|b| {
            i = i.wrapping_add(1);
            j = j.wrapping_add(s[usize::from(i)]);
            s.swap(usize::from(i), usize::from(j));
            b ^ s[usize::from(s[usize::from(i)].wrapping_add(s[usize::from(j)]))]
        })
        .collect()
}

/// AES-CBC decryption of whole blocks (a last partial block is dropped),
/// no padding removed.
fn cbc_decrypt<C: BlockDecrypt>(c: &C, iv: &[u8], data: &[u8]) -> Vec<u8> {
    let mut prev = [0u8; 16];
    prev.copy_from_slice(iv.get(..16).unwrap_or(&[0; 16]));
    let mut out = Vec::with_capacity(data.len());
    for chunk in data.chunks_exact(16) {
        let mut block = GenericArray::clone_from_slice(chunk);
        c.decrypt_block(&mut block);
        out.extend(block.iter().zip(prev).map(|(a, b)| a ^ b));
        prev.copy_from_slice(chunk);
    }
    out
}

fn aes128_cbc_decrypt_raw(key: &[u8], iv: &[u8], data: &[u8]) -> Vec<u8> {
    match aes::Aes128::new_from_slice(key) {
        Ok(c) => cbc_decrypt(&c, iv, data),
        Err(_) => Vec::new(),
    }
}

fn aes256_cbc_decrypt_raw(key: &[u8], iv: &[u8], data: &[u8]) -> Vec<u8> {
    match aes::Aes256::new_from_slice(key) {
        Ok(c) => cbc_decrypt(&c, iv, data),
        Err(_) => Vec::new(),
    }
}

/// AES-128-CBC encryption of whole blocks, no padding (algorithm 2.B).
fn aes128_cbc_encrypt_raw(key: &[u8], iv: &[u8], data: &[u8]) -> Vec<u8> {
    let Ok(c) = aes::Aes128::new_from_slice(key) else {
        return Vec::new();
    };
    let mut prev = GenericArray::clone_from_slice(iv.get(..16).unwrap_or(&[0; 16]));
    let mut out = Vec::with_capacity(data.len());
    for chunk in data.chunks_exact(16) {
        let mut block = GenericArray::clone_from_slice(chunk);
        for (b, p) in block.iter_mut().zip(prev.iter()) {
            *b ^= p;
        }
        c.encrypt_block(&mut block);
        out.extend_from_slice(&block);
        prev = block;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rc4_matches_the_known_vector() {
        // "Key" / "Plaintext" → BBF316E8D940AF0AD3
        let c = rc4(b"Key", b"Plaintext");
        let hex: String = c.iter().map(|b| format!("{b:02X}")).collect();
        assert_eq!(hex, "BBF316E8D940AF0AD3");
    }

    #[test]
    fn aes_cbc_round_trips() {
        let key = [7u8; 16];
        let iv = [3u8; 16];
        let plain: Vec<u8> = (0..64u8).collect();
        let enc = aes128_cbc_encrypt_raw(&key, &iv, &plain);
        assert_ne!(enc, plain);
        assert_eq!(aes128_cbc_decrypt_raw(&key, &iv, &enc), plain);
    }
}
