//! Live mode's commands: starting it for a hearing and the moment each event is recorded at.

use super::app::{App, Cmd, Screen};
use super::screens::live::LiveScreen;
use crate::domain::marking::live_eligible;
use crate::i18n::{t, tf};

impl App {
    /// The evaluation being scored live and the moment now.
    pub(super) fn live_moment(&self) -> anyhow::Result<(i64, crate::records::Moment)> {
        let Screen::Live(s) = &self.screen else {
            anyhow::bail!(t("live.not_live"))
        };
        let now = (self.now_ms)();
        let at = chrono::DateTime::from_timestamp_millis(now)
            .map(|d| {
                d.with_timezone(&chrono::Local)
                    .format("%Y-%m-%dT%H:%M:%S%.3f%:z")
                    .to_string()
            })
            .unwrap_or_default();
        Ok((
            s.slot().eval.id,
            crate::records::Moment {
                elapsed_ms: now - s.started_ms,
                at,
            },
        ))
    }

    pub(super) fn start_live(
        &mut self,
        hearing_id: i64,
        appearance: Option<i64>,
    ) -> anyhow::Result<()> {
        let hearing = self.court.hearing(hearing_id)?;
        let mut slots = Vec::new();
        let all = self.court.appearances(hearing_id)?;
        let agencies = all.iter().map(|a| a.id).collect();
        for a in all {
            if !live_eligible(a.category, &a.person, None) {
                continue;
            }
            let eval = self.court.evaluation_for(a.id, &self.rubric)?;
            if !live_eligible(a.category, &a.person, Some(eval.status)) {
                continue;
            }
            let rubric = self.court.rubric(&eval.rubric_hash)?;
            let score = self.court.score_of(eval.id)?;
            let recent = self
                .court
                .recent_events(eval.id, super::screens::live::RECENT)?;
            slots.push(super::screens::live::Slot {
                appearance: a,
                eval,
                rubric,
                score,
                recent,
            });
        }
        if slots.is_empty() {
            // an agency whose appearance is not entered yet: its form first, as `s` does
            let unentered = self.court.appearances(hearing_id)?.into_iter().find(|a| {
                a.category.scorable()
                    && a.person.trim().is_empty()
                    && appearance.is_none_or(|id| id == a.id)
            });
            if let Some(a) = unentered {
                self.after_form = Some((a.id, Cmd::LiveStart(hearing_id, Some(a.id))));
                self.screen = Screen::Appearance(self.appearance_screen(a)?);
                self.status = Some((t("msg.enter_appearance").to_string(), true));
                return Ok(());
            }
            self.court.set_resume_point(None)?;
            self.status = Some((t("live.nobody"), true)).map(|(m, e)| (m.to_string(), e));
            return Ok(());
        }
        let current = appearance
            .and_then(|id| slots.iter().position(|s| s.appearance.id == id))
            .unwrap_or(0);
        let (started_ms, stage) = self.court.start_live(hearing_id, (self.now_ms)())?;
        let point = crate::domain::session::ResumePoint::Live {
            hearing: hearing_id,
            appearance: slots[current].appearance.id,
        };
        self.court.set_resume_point(Some(point))?;
        self.screen = Screen::Live(LiveScreen {
            hearing,
            started_ms,
            stage,
            slots,
            current,
            agencies,
        });
        Ok(())
    }

    /// `Tab` in live mode or the review: the hearing's next defendant agency after
    /// `appearance` that can be scored (in live mode: live, so not finalized), its appearance
    /// form first when who appeared is not entered; live mode or the review follows it.
    pub(super) fn next_agency(&mut self, appearance: i64) -> anyhow::Result<()> {
        let hearing = self.court.appearance(appearance)?.hearing_id;
        let all = self.court.appearances(hearing)?;
        let at = all.iter().position(|a| a.id == appearance).unwrap_or(0);
        let live = matches!(self.screen, Screen::Live(_));
        for a in all
            .iter()
            .cycle()
            .skip(at + 1)
            .take(all.len().saturating_sub(1))
        {
            let unentered = a.category.scorable() && a.person.trim().is_empty();
            if unentered {
                let then = if live {
                    Cmd::LiveStart(hearing, Some(a.id))
                } else {
                    Cmd::Score(a.id)
                };
                self.after_form = Some((a.id, then));
                self.screen = Screen::Appearance(self.appearance_screen(a.clone())?);
                self.status = Some((
                    tf("msg.enter_appearance_of", &[("agency", &a.agency_name)]),
                    true,
                ));
                return Ok(());
            }
            if !a.category.scorable() {
                continue;
            }
            if let Screen::Live(s) = &mut self.screen {
                if s.switch_to(a.id) {
                    let point = crate::domain::session::ResumePoint::Live {
                        hearing,
                        appearance: a.id,
                    };
                    self.court.set_resume_point(Some(point))?;
                    return Ok(());
                }
                continue;
            }
            self.run(Cmd::Score(a.id));
            return Ok(());
        }
        self.status = Some((t("live.no_other_agency").to_string(), true));
        Ok(())
    }
}
