//! Where texts leave the app: a log (a file or the console, for demos and tests) or an SMS
//! provider's HTTP API. The HTTP shape is the one Chinese providers share: a JSON body with the
//! numbers, the text and our id for it (`out_id`, so the provider can drop a repeat), signed
//! with HMAC-SHA256 over the key, a timestamp, a nonce and the body; `{"code":"OK"}` is success.
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

/// One text to send.
pub struct Outgoing<'a> {
    /// Our id for it: the provider sees the same one on a repeat.
    pub out_id: &'a str,
    pub phone: &'a str,
    pub text: &'a str,
}

/// Why a text did not leave. Never holds the number or the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendError(pub String);

#[derive(Debug, Clone)]
pub enum Gateway {
    /// Appended to this file, one `phone<TAB>text` line each.
    File(PathBuf),
    /// Printed on the server's console.
    Stdout,
    Http(HttpGateway),
}

/// An SMS provider's HTTP API.
#[derive(Debug, Clone)]
pub struct HttpGateway {
    pub url: String,
    pub key: String,
    pub secret: String,
    /// The 短信签名 the provider registered for us, sent with each text.
    pub sign_name: String,
    client: reqwest::Client,
}

impl HttpGateway {
    pub fn new(url: String, key: String, secret: String, sign_name: String) -> HttpGateway {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .expect("an HTTP client");
        HttpGateway {
            url,
            key,
            secret,
            sign_name,
            client,
        }
    }

    async fn send(&self, text: &Outgoing<'_>) -> Result<(), SendError> {
        let body = serde_json::json!({
            "phone_numbers": text.phone,
            "sign_name": self.sign_name,
            "content": text.text,
            "out_id": text.out_id,
        })
        .to_string();
        let timestamp = chrono::Utc::now().timestamp().to_string();
        let nonce = uuid::Uuid::new_v4().simple().to_string();
        let signature = sign(&self.secret, &[&self.key, &timestamp, &nonce, &body]);
        let response = self
            .client
            .post(&self.url)
            .header("content-type", "application/json")
            .header("x-sms-key", &self.key)
            .header("x-sms-timestamp", &timestamp)
            .header("x-sms-nonce", &nonce)
            .header("x-sms-signature", signature)
            .body(body)
            .send()
            .await
            .map_err(|e| SendError(format!("gateway unreachable: {}", e.without_url())))?;
        let status = response.status();
        let answer: serde_json::Value = response
            .text()
            .await
            .ok()
            .and_then(|body| serde_json::from_str(&body).ok())
            .unwrap_or_default();
        let code = answer.get("code").and_then(|c| c.as_str()).unwrap_or("");
        if status.is_success() && code == "OK" {
            Ok(())
        } else {
            Err(SendError(format!(
                "gateway answered {} {code}",
                status.as_u16()
            )))
        }
    }
}

/// Hex HMAC-SHA256 of the parts joined by newlines.
pub fn sign(secret: &str, parts: &[&str]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(parts.join("\n").as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Gateway {
    /// `-` is the console; anything else a file path.
    pub fn log_from_flag(flag: &str) -> Gateway {
        if flag == "-" {
            Gateway::Stdout
        } else {
            Gateway::File(PathBuf::from(flag))
        }
    }

    pub async fn send(&self, text: &Outgoing<'_>) -> Result<(), SendError> {
        let line = format!("{}\t{}\n", text.phone, text.text.replace(['\n', '\t'], " "));
        let written = match self {
            Gateway::Http(http) => return http.send(text).await,
            Gateway::Stdout => std::io::stdout().write_all(line.as_bytes()),
            Gateway::File(path) => std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .and_then(|mut file| file.write_all(line.as_bytes())),
        };
        written.map_err(|e| SendError(format!("log not written: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_covers_every_part_and_the_secret() {
        let a = sign("secret", &["key", "1700000000", "n1", "{}"]);
        assert_eq!(a.len(), 64);
        assert_eq!(a, sign("secret", &["key", "1700000000", "n1", "{}"]));
        assert_ne!(a, sign("secret", &["key", "1700000001", "n1", "{}"]));
        assert_ne!(a, sign("other", &["key", "1700000000", "n1", "{}"]));
        // Parts are joined with a separator: moving text between them changes the signature.
        assert_ne!(sign("s", &["ab", "c"]), sign("s", &["a", "bc"]));
    }
}
