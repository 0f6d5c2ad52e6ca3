//! The entrant's age and, under 14, the guardian's consent on a challenge entry (issue 20;
//! PIPL: a child's personal information needs a guardian's consent). The categories do not
//! overlap, so the age decides the one category that fits.
use crate::db::challenges::Category;
use crate::problem::FieldErrors;
use serde_json::Value;

/// Under this age an entry needs its guardian's consent.
pub const GUARDIAN_UNDER: i64 = 14;

#[derive(Debug, Clone, PartialEq)]
pub struct Guardian {
    pub name: String,
    /// father | mother | guardian
    pub relation: String,
}

/// What an entry stores about its entrant.
#[derive(Debug, Clone, PartialEq)]
pub struct Consent {
    pub age: i64,
    /// Only under [`GUARDIAN_UNDER`].
    pub guardian: Option<Guardian>,
}

/// A whole number (JSON Schema's integer: `9` and `9.0`), or `None`.
fn whole(v: &Value) -> Option<i64> {
    v.as_i64().or_else(|| {
        v.as_f64()
            .filter(|f| f.fract() == 0.0 && f.abs() < 1e9)
            .map(|f| f as i64)
    })
}

fn guardian(v: Option<&Value>, errors: &mut FieldErrors) -> Option<Guardian> {
    let Some(obj) = v.and_then(Value::as_object) else {
        errors.add("guardian", "未满14周岁的参赛者须由监护人同意后提交");
        return None;
    };
    let name = obj
        .get("name")
        .and_then(Value::as_str)
        .map(str::trim)
        .unwrap_or_default();
    let n = name.chars().count();
    let name_ok = (1..=20).contains(&n) && crate::text::check(name, false).is_ok();
    if !name_ok {
        errors.add("guardian.name", "请填写监护人姓名（1到20个字）");
    }
    let relation = obj
        .get("relation")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let relation_ok = matches!(relation, "father" | "mother" | "guardian");
    if !relation_ok {
        errors.add("guardian.relation", "请选择监护人与参赛者的关系");
    }
    if obj.get("agreed") != Some(&Value::Bool(true)) {
        errors.add("guardian.agreed", "须由监护人阅读并同意后才能提交");
    }
    (name_ok && relation_ok && obj.get("agreed") == Some(&Value::Bool(true))).then(|| Guardian {
        name: name.to_string(),
        relation: relation.to_string(),
    })
}

/// Checks `age` and `guardian` against the chosen category (`None` when it is unknown: that
/// is reported already). A missing `age` is an error only when `required`.
pub fn check(
    age: Option<&Value>,
    guardian_value: Option<&Value>,
    categories: &[Category],
    category_id: &str,
    required: bool,
    errors: &mut FieldErrors,
) -> Option<Consent> {
    let age = match age.filter(|v| !v.is_null()) {
        None => {
            if required {
                errors.add("age", "请填写参赛者的年龄");
            }
            return None;
        }
        Some(v) => match whole(v).filter(|a| (0..=120).contains(a)) {
            Some(a) => a,
            None => {
                errors.add("age", "年龄须为0到120之间的整数");
                return None;
            }
        },
    };
    if let Some(chosen) = categories.iter().find(|c| c.id == category_id) {
        if !chosen.holds(age) {
            let message = match categories.iter().find(|c| c.holds(age)) {
                Some(fit) => format!("{age}岁请选择{}（{}）", fit.name, fit.description),
                None => format!("{age}岁不在任何组别的年龄范围内"),
            };
            errors.add("category_id", message);
        }
    }
    let guardian = if age < GUARDIAN_UNDER {
        Some(guardian(guardian_value, errors)?)
    } else {
        None
    };
    Some(Consent { age, guardian })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn categories() -> Vec<Category> {
        let c = |id: &str, name: &str, min, max| Category {
            id: id.into(),
            name: name.into(),
            description: String::new(),
            min_age: min,
            max_age: max,
        };
        vec![
            c("kids", "少儿组", None, Some(12)),
            c("teens", "青少年组", Some(13), Some(17)),
            c("adults", "成人组", Some(18), None),
        ]
    }

    fn fields(age: Value, guardian: Value, category: &str) -> Vec<String> {
        let mut errors = FieldErrors::new();
        check(
            Some(&age),
            Some(&guardian),
            &categories(),
            category,
            true,
            &mut errors,
        );
        errors
            .into_problem()
            .errors
            .iter()
            .map(|e| e.field.clone())
            .collect()
    }

    #[test]
    fn the_age_decides_the_category_and_the_guardian() {
        let ok = json!({ "name": "王芳", "relation": "mother", "agreed": true });
        let cats = categories();
        let mut errors = FieldErrors::new();
        for (age, category) in [
            (0, "kids"),
            (12, "kids"),
            (13, "teens"),
            (17, "teens"),
            (18, "adults"),
            (120, "adults"),
        ] {
            let got = check(
                Some(&json!(age)),
                Some(&ok),
                &cats,
                category,
                true,
                &mut errors,
            );
            assert_eq!(got.map(|c| c.guardian.is_some()), Some(age < 14), "{age}");
        }
        assert!(errors.is_empty());
        assert_eq!(fields(json!(12), ok.clone(), "teens"), ["category_id"]);
        assert_eq!(fields(json!(13), ok.clone(), "kids"), ["category_id"]);
        assert_eq!(fields(json!(18), ok.clone(), "teens"), ["category_id"]);
        assert_eq!(fields(json!(121), ok.clone(), "adults"), ["age"]);
        assert_eq!(fields(json!(-1), ok.clone(), "kids"), ["age"]);
        assert_eq!(fields(json!("9"), ok.clone(), "kids"), ["age"]);
        assert_eq!(fields(json!(9.5), ok.clone(), "kids"), ["age"]);
        assert!(fields(json!(9.0), ok.clone(), "kids").is_empty());
        // 13 needs a guardian, 14 does not.
        assert_eq!(fields(json!(13), Value::Null, "teens"), ["guardian"]);
        assert!(fields(json!(14), Value::Null, "teens").is_empty());
        assert_eq!(
            fields(
                json!(9),
                json!({ "name": " ", "relation": "uncle", "agreed": false }),
                "kids"
            ),
            ["guardian.name", "guardian.relation", "guardian.agreed"]
        );
        let mut errors = FieldErrors::new();
        assert_eq!(check(None, None, &cats, "kids", false, &mut errors), None);
        assert!(errors.is_empty(), "not required yet");
        check(None, None, &cats, "kids", true, &mut errors);
        assert!(!errors.is_empty());
    }
}
