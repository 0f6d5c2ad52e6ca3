//! One `Idempotency-Key` per intended write: the same action tried again (after a dropped
//! answer, a timeout, a tap on 重试) sends the same key, so the server replays its first answer
//! instead of refusing the second attempt (409) or acting twice; a different action gets a new
//! key.
use super::client::new_idempotency_key;

/// The key of the last intended action of one kind (a vote, a report, a post, …).
#[derive(Clone, Debug)]
pub struct IntentKey<T> {
    last: Option<(T, String)>,
}

// By hand: the derive would ask `T: Default` of every kind of action.
impl<T> Default for IntentKey<T> {
    fn default() -> Self {
        Self { last: None }
    }
}

impl<T: PartialEq + Clone> IntentKey<T> {
    /// The key for `intent`: the one used before when it is the same action, else a new one.
    pub fn key_for(&mut self, intent: &T) -> String {
        self.key_with(intent, new_idempotency_key)
    }

    /// [`key_for`](Self::key_for) with the new key made by `fresh`.
    pub fn key_with(&mut self, intent: &T, fresh: impl FnOnce() -> String) -> String {
        match &self.last {
            Some((t, k)) if t == intent => k.clone(),
            _ => {
                let key = fresh();
                self.last = Some((intent.clone(), key.clone()));
                key
            }
        }
    }

    /// The action went through: the next one, even if equal, is a new action.
    pub fn done(&mut self) {
        self.last = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_retried_action_keeps_its_key_and_a_new_one_gets_another() {
        let mut n = 0;
        let mut fresh = || {
            n += 1;
            format!("k{n}")
        };
        let mut keys = IntentKey::default();
        let vote = vec!["opt_1".to_string()];
        let first = keys.key_with(&vote, &mut fresh);
        assert_eq!(keys.key_with(&vote, &mut fresh), first, "a retry replays");
        let other = keys.key_with(&vec!["opt_2".to_string()], &mut fresh);
        assert_ne!(other, first, "another choice is another action");
        keys.done();
        assert_ne!(keys.key_with(&vote, &mut fresh), first);
    }
}
