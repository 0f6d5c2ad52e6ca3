//! What a like button shows, and how a tap settles: the volunteers' once-a-day like and the
//! like/unlike toggle of posts and entries.
use super::LikeState;

/// What a like button shows: the count and whether I liked this volunteer today.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LikeView {
    pub count: u64,
    pub liked: bool,
}

/// How a like that the server answered ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LikeAnswer {
    /// Counted: the new total.
    Counted(u64),
    /// 409: already liked today; nothing was counted.
    AlreadyLiked,
    /// Any other failure: nothing was counted.
    Failed,
}

impl LikeView {
    /// What the button shows at once when tapped, before the server answers. `None` when a tap
    /// must not send a like (already liked today).
    pub fn optimistic(self) -> Option<Self> {
        (!self.liked).then_some(Self {
            count: self.count + 1,
            liked: true,
        })
    }

    pub const fn of(count: u64, liked: bool) -> Self {
        Self { count, liked }
    }

    /// What a like/unlike toggle (posts, entries) shows at once when tapped.
    pub fn toggled(self) -> Self {
        Self {
            liked: !self.liked,
            count: if self.liked {
                self.count.saturating_sub(1)
            } else {
                self.count + 1
            },
        }
    }

    /// The state after the server's answer, from the state before the tap: the server's total
    /// when counted, otherwise a rollback (a 409 also tells us the volunteer is liked today).
    pub fn settle(self, answer: LikeAnswer) -> Self {
        match answer {
            LikeAnswer::Counted(count) => Self { count, liked: true },
            LikeAnswer::AlreadyLiked => Self {
                count: self.count,
                liked: true,
            },
            LikeAnswer::Failed => self,
        }
    }
}

impl From<LikeState> for LikeView {
    fn from(s: LikeState) -> Self {
        Self {
            count: s.like_count,
            liked: s.liked,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_like_shows_at_once_and_settles_on_the_answer() {
        let before = LikeView {
            count: 41,
            liked: false,
        };
        let shown = before.optimistic().unwrap();
        assert_eq!(
            shown,
            LikeView {
                count: 42,
                liked: true
            }
        );
        // Counted: the server's total wins (others liked meanwhile).
        assert_eq!(
            before.settle(LikeAnswer::Counted(45)),
            LikeView {
                count: 45,
                liked: true
            }
        );
        // Refused (429, network, …): back to exactly what it was.
        assert_eq!(before.settle(LikeAnswer::Failed), before);
        // 409: not counted, but liked today.
        assert_eq!(
            before.settle(LikeAnswer::AlreadyLiked),
            LikeView {
                count: 41,
                liked: true
            }
        );
        // Liked already: a tap sends nothing.
        assert_eq!(shown.optimistic(), None);
    }

    #[test]
    fn a_toggle_likes_and_unlikes_at_once() {
        let off = LikeView {
            count: 0,
            liked: false,
        };
        let on = off.toggled();
        assert_eq!(
            on,
            LikeView {
                count: 1,
                liked: true
            }
        );
        assert_eq!(on.toggled(), off);
        // A count the server already lowered never goes below zero.
        assert_eq!(
            LikeView {
                count: 0,
                liked: true
            }
            .toggled()
            .count,
            0
        );
    }
}
