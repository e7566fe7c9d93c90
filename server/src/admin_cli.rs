//! `bandeng admin create`: the first system admin, made on the server itself. There is never a
//! default password: it is typed (hidden) on a terminal or piped in on standard input.
use crate::config::CreateAdminArgs;
use app::accounts::store::{self, NewAccount};
use app::accounts::{password, LoginName};
use std::io::{BufRead, IsTerminal};

pub async fn create(args: CreateAdminArgs) -> Result<(), String> {
    let phone = match LoginName::parse(&args.phone) {
        Some(LoginName::Phone(phone)) => phone,
        _ => {
            return Err(format!(
                "--phone must be an 11-digit mobile number, got {:?}",
                args.phone
            ))
        }
    };
    let name = app::base::validate::name(&args.name, 30).map_err(|m| format!("--name: {m}"))?;
    let secret = read_password()?;
    password::check_new_password(&secret).map_err(|m| format!("password: {m}"))?;
    let hash = password::hash(&secret).map_err(|e| format!("cannot hash the password: {e}"))?;
    let db = app::server::db::connect(&args.db.config(false))
        .await
        .map_err(|e| e.to_string())?;
    let account = store::create(
        &db,
        NewAccount {
            name,
            phone: Some(phone.clone()),
            password_hash: hash,
            system_admin: true,
            ..Default::default()
        },
    )
    .await
    .map_err(|e| match e {
        app::base::error::AppError::Invalid(_) => {
            format!("an account with phone {phone} already exists")
        }
        other => format!("cannot create the account: {other}"),
    })?;
    println!(
        "created system admin {phone} ({})",
        app::server::db::key_text(&account)
    );
    Ok(())
}

/// Twice with hidden input on a terminal; one line from standard input otherwise.
fn read_password() -> Result<String, String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password (at least 8 characters): ")
            .map_err(|e| format!("cannot read the password: {e}"))?;
        let again = rpassword::prompt_password("Password again: ")
            .map_err(|e| format!("cannot read the password: {e}"))?;
        if first != again {
            return Err("the two passwords differ".into());
        }
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| format!("cannot read the password from standard input: {e}"))?;
        let line = line.trim_end_matches(['\r', '\n']).to_string();
        if line.is_empty() {
            return Err("no password on standard input".into());
        }
        Ok(line)
    }
}
