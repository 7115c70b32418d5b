/* moodplay - one piece of slow work (loading a 100k-song library, a mood
 * capture) run on a worker thread so the UI's poll loop never waits.
 *
 * The worker reports through a pipe: ui_job_fd() becomes readable when the
 * stage text changes and when the work is over; the UI then calls
 * ui_job_poll().  One job runs at a time per struct ui_job: starting a
 * second is refused (the UI says so instead of queueing it). */
#ifndef MOODPLAY_UI_JOB_H
#define MOODPLAY_UI_JOB_H

#include "base/error.h"

#include <stdbool.h>
#include <stddef.h>

struct ui_job;

/* Runs on the worker.  arg belongs to the caller, who must not touch it
 * until ui_job_poll() reports the end.  fn reports stages with
 * ui_job_stage() and should return early when ui_job_cancelled(). */
typedef enum mp_status ui_job_fn(struct ui_job *job, void *arg,
				 struct mp_error *err);

enum mp_status ui_job_new(struct ui_job **out, struct mp_error *err);
/* Asks a running job to stop and waits for it. */
void ui_job_free(struct ui_job *job);
/* Asks a running job to stop and waits at most wait_ms for it: true when
 * no job is running any more.  False means the worker is stuck in a stage
 * that does not look at ui_job_cancelled() (a read that never returns):
 * then the job, its arg and whatever fn uses must stay allocated, and the
 * only clean way out is ending the process. */
bool ui_job_stop(struct ui_job *job, int wait_ms);

/* MP_ERR with a message when a job is already running. */
enum mp_status ui_job_start(struct ui_job *job, ui_job_fn *fn, void *arg,
			    struct mp_error *err);
bool ui_job_running(const struct ui_job *job);
int ui_job_fd(const struct ui_job *job);

/* After ui_job_fd() polled readable: true once the job is over, with
 * *status and err holding what fn returned. */
bool ui_job_poll(struct ui_job *job, enum mp_status *status,
		 struct mp_error *err);

/* Worker side. */
void ui_job_stage(struct ui_job *job, const char *stage);
bool ui_job_cancelled(struct ui_job *job);

/* UI side: the stage the worker last reported ("" before the first). */
void ui_job_get_stage(struct ui_job *job, char *out, size_t outsz);

#endif
