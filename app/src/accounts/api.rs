//! Server functions for one's own account and for account administration.
use super::{AccountInput, AccountRow, IssuedCode, Me};
use crate::base::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Who is signed in, if anyone.
#[server(endpoint = "me")]
pub async fn get_me() -> Result<Option<Me>, AppError> {
    let actor = crate::auth::authorize(crate::auth::Action::WhoAmI).await?;
    let Some(p) = actor.principal() else {
        return Ok(None);
    };
    let state = crate::server::state::app_state()?;
    Ok(Some(Me {
        name: p.name.clone(),
        roles: crate::auth::store::role_labels(&state.db, p).await?,
        is_admin: p.is_admin(),
        must_change_password: p.must_change_password,
    }))
}

/// Changes one's own password; every other session of the account ends.
#[server(endpoint = "change_password")]
pub async fn change_password(
    current: String,
    new: String,
    confirm: String,
) -> Result<(), AppError> {
    use super::password;
    use crate::base::text::t;
    let me = crate::auth::authorize_signed(crate::auth::Action::ChangeOwnPassword).await?;
    let state = crate::server::state::app_state()?;
    let account = crate::server::db::record("account", &me.account);
    // A stolen session must not be a free password guesser: wrong current passwords count like
    // wrong sign-ins, per account and client, charged before the check.
    let bucket = (
        format!("a:{}", me.account),
        crate::server::state::caller(&state).await?,
    );
    if !state.login_account_limiter.allow(bucket.clone()) {
        return Err(AppError::RateLimited);
    }
    let phc = super::store::password_hash(&state.db, &account)
        .await?
        .ok_or(AppError::NotFound)?;
    if !password::verify_off_thread(phc, current.clone()).await? {
        return Err(AppError::invalid("current", t().err_current_password));
    }
    state.login_account_limiter.refund(&bucket);
    password::check_new_password(&new).map_err(|m| AppError::invalid("new", m))?;
    if new != confirm {
        return Err(AppError::invalid("confirm", t().err_password_mismatch));
    }
    if new == current {
        return Err(AppError::invalid("new", t().err_password_same));
    }
    let hash = password::hash_off_thread(new).await?;
    super::store::set_password(&state.db, &account, hash, false).await?;
    let headers = leptos_axum::extract::<axum::http::HeaderMap>()
        .await
        .map_err(|_| AppError::Internal)?;
    let token = crate::auth::session::token_from_headers(&headers);
    crate::auth::store::end_sessions_of(&state.db, &account, token).await?;
    super::store::audit_account(
        &state.db,
        &me,
        crate::audit::actions::ACCOUNT_PASSWORD,
        &account,
        None,
    )
    .await
}

#[server(endpoint = "list_accounts")]
pub async fn list_accounts() -> Result<Vec<AccountRow>, AppError> {
    crate::auth::authorize(crate::auth::Action::ManageAllAccounts).await?;
    let state = crate::server::state::app_state()?;
    super::store::list(&state.db).await
}

/// Creates a system admin, district admin, department, office or review body account with a
/// one-time code.
#[server(endpoint = "create_account", input = Json)]
pub async fn create_account(input: AccountInput) -> Result<IssuedCode, AppError> {
    use super::store::NewAccount;
    use crate::base::text::t;
    use crate::base::validate::Problems;
    let me = crate::auth::authorize_signed(crate::auth::Action::ManageAllAccounts).await?;
    let state = crate::server::state::app_state()?;
    let mut p = Problems::default();
    let name = p.check("name", crate::base::validate::name(&input.name, 30));
    let phone = if input.phone.trim().is_empty() {
        None
    } else {
        match super::LoginName::parse(&input.phone) {
            Some(super::LoginName::Phone(phone)) => Some(phone),
            _ => {
                p.add("phone", t().err_mobile_format);
                None
            }
        }
    };
    let username = if input.username.trim().is_empty() {
        None
    } else {
        let u = input.username.trim().to_lowercase();
        if super::is_username(&u) {
            Some(u)
        } else {
            p.add("username", t().err_username_format);
            None
        }
    };
    if phone.is_none() && username.is_none() && p.is_empty() {
        p.add("phone", t().err_login_required);
    }
    let area = (!input.area.trim().is_empty())
        .then(|| crate::server::db::record("area", input.area.trim()));
    let kind = input.kind.as_str();
    // A review body's staff: the 专委会 (committee) or the chairs' secretariat of an area.
    let body_kind = match kind {
        "committee" | "secretariat" => Some(kind),
        _ => None,
    };
    if !matches!(kind, "system" | "district" | "department" | "office") && body_kind.is_none() {
        p.add("kind", t().err_choose);
    }
    if kind != "system" && area.is_none() {
        p.add("area", t().err_choose);
    }
    // The department's name, or the review body's.
    let department = if kind == "department" || body_kind.is_some() {
        p.check(
            "department",
            crate::base::validate::name(&input.department, 60),
        )
    } else {
        None
    };
    p.into_result()?;
    let areas = crate::councils::admin_store::all_areas(&state.db).await?;
    if let Some(area) = &area {
        let key = crate::server::db::key_text(area);
        if !areas.iter().any(|a| a.key == key) {
            return Err(AppError::invalid("area", t().err_choose));
        }
    }
    let (department, review_body) = match (&department, &area, body_kind) {
        (Some(name), Some(area), Some(body_kind)) => (
            None,
            Some(super::store::review_body(&state.db, area, name, body_kind).await?),
        ),
        (Some(name), Some(area), None) => (
            Some(super::store::department(&state.db, area, name).await?),
            None,
        ),
        _ => (None, None),
    };
    let (code, hash) = super::password::fresh_code().await?;
    let login = phone.clone().or(username.clone()).unwrap_or_default();
    let account = super::store::create(
        &state.db,
        NewAccount {
            name: name.unwrap_or_default(),
            phone,
            username,
            password_hash: hash,
            system_admin: kind == "system",
            admin_area: if kind == "district" {
                area.clone()
            } else {
                None
            },
            office_area: if kind == "office" { area } else { None },
            department,
            review_body,
            must_change_password: true,
            ..Default::default()
        },
    )
    .await?;
    super::store::audit_account(
        &state.db,
        &me,
        crate::audit::actions::ACCOUNT_CREATE,
        &account,
        None,
    )
    .await?;
    Ok(IssuedCode { login, code })
}

/// Replaces an account's password with a one-time code and ends its sessions.
#[server(endpoint = "reset_password")]
pub async fn reset_password(account: String) -> Result<IssuedCode, AppError> {
    let me = crate::auth::authorize_signed(crate::auth::Action::ManageAllAccounts).await?;
    let state = crate::server::state::app_state()?;
    let id = crate::server::db::record("account", &account);
    let login = super::store::login_of(&state.db, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (code, hash) = super::password::fresh_code().await?;
    super::store::set_password(&state.db, &id, hash, true).await?;
    crate::auth::store::end_sessions_of(&state.db, &id, None).await?;
    super::store::audit_account(
        &state.db,
        &me,
        crate::audit::actions::ACCOUNT_RESET,
        &id,
        None,
    )
    .await?;
    Ok(IssuedCode { login, code })
}

/// Disables (and signs out) or enables an account; nobody disables themselves.
#[server(endpoint = "set_account_disabled")]
pub async fn set_account_disabled(account: String, disabled: bool) -> Result<(), AppError> {
    use crate::audit::actions;
    let me = crate::auth::authorize_signed(crate::auth::Action::ManageAllAccounts).await?;
    let state = crate::server::state::app_state()?;
    if account == me.account {
        return Err(AppError::invalid(
            "account",
            crate::base::text::t().err_disable_self,
        ));
    }
    let id = crate::server::db::record("account", &account);
    super::store::login_of(&state.db, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    super::store::set_disabled(&state.db, &id, disabled).await?;
    let action = if disabled {
        actions::ACCOUNT_DISABLE
    } else {
        actions::ACCOUNT_ENABLE
    };
    super::store::audit_account(&state.db, &me, action, &id, None).await
}
