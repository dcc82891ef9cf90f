/*
 * The ordered pipeline behind -j: the calling thread reads inputs into a
 * ring of job slots and writes finished jobs from the ring's head, in
 * input order; worker threads process the jobs in between.
 *
 * The ring holds slots_per_thread × threads slots, a bound on memory (at
 * most that many inputs are held at once, whatever the stream's length).
 */
#include "cli.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const pipeline *steps;
    void *ctx;
    char *slots;
    bool *done;
    size_t capacity;
    /* Sequence numbers of jobs; a job's slot is its number modulo the
     * capacity. head <= next_to_process <= tail. */
    uint64_t head;            /* the oldest job not yet written */
    uint64_t next_to_process; /* the next job a worker takes */
    uint64_t tail;            /* the next job to read */
    bool closing;             /* no more jobs will come */
    pthread_mutex_t lock;
    pthread_cond_t job_ready; /* a job was read, or closing was set */
    pthread_cond_t job_done;
} ring;

static void *slot_of(const ring *r, uint64_t sequence)
{
    return r->slots + (size_t)(sequence % r->capacity) * r->steps->job_size;
}

static void *worker_main(void *arg)
{
    ring *r = arg;
    pthread_mutex_lock(&r->lock);
    for (;;) {
        while (r->next_to_process == r->tail && !r->closing)
            pthread_cond_wait(&r->job_ready, &r->lock);
        if (r->next_to_process == r->tail)
            break; /* closing, nothing left */
        uint64_t sequence = r->next_to_process++;
        pthread_mutex_unlock(&r->lock);
        r->steps->process(r->ctx, slot_of(r, sequence));
        pthread_mutex_lock(&r->lock);
        r->done[sequence % r->capacity] = true;
        /* The calling thread waits for the head job alone: the others
         * are written after it. */
        if (sequence == r->head)
            pthread_cond_signal(&r->job_done);
    }
    pthread_mutex_unlock(&r->lock);
    return NULL;
}

/* Write every finished job at the head; called and returns with the lock
 * held. `reading` becomes false when a write asks to stop. */
static void write_finished(ring *r, bool *reading)
{
    while (r->head < r->tail && r->done[r->head % r->capacity]) {
        void *job = slot_of(r, r->head);
        pthread_mutex_unlock(&r->lock);
        bool go_on = r->steps->write(r->ctx, job);
        pthread_mutex_lock(&r->lock);
        r->done[r->head % r->capacity] = false;
        r->head++;
        if (!go_on)
            *reading = false;
    }
}

/* The calling thread's part. The slot at tail is touched by no worker
 * until tail moves past it, so it is filled without the lock. */
static void feed_and_drain(ring *r)
{
    bool reading = true;
    pthread_mutex_lock(&r->lock);
    for (;;) {
        write_finished(r, &reading);
        if (reading && r->tail - r->head < r->capacity) {
            void *job = slot_of(r, r->tail);
            pthread_mutex_unlock(&r->lock);
            bool got = r->steps->read(r->ctx, job);
            pthread_mutex_lock(&r->lock);
            if (got) {
                r->tail++;
                pthread_cond_signal(&r->job_ready);
            } else {
                reading = false;
            }
        } else if (r->head == r->tail) {
            break;
        } else {
            pthread_cond_wait(&r->job_done, &r->lock);
        }
    }
    r->closing = true;
    pthread_cond_broadcast(&r->job_ready);
    pthread_mutex_unlock(&r->lock);
}

/* One thread: no locks, no copies, the same steps in the same order. */
static void run_inline(const pipeline *steps, void *ctx, void *job)
{
    bool reading = true;
    while (reading && steps->read(ctx, job)) {
        steps->process(ctx, job);
        reading = steps->write(ctx, job);
    }
}

/* Start up to `threads` workers; the number started. A machine that will
 * not give them all still runs with the ones it gave. */
static unsigned start_workers(ring *r, pthread_t *workers, unsigned threads)
{
    unsigned started = 0;
    for (; started < threads; started++) {
        int error = pthread_create(&workers[started], NULL, worker_main, r);
        if (error != 0) {
            report("-j", strerror(error));
            break;
        }
    }
    return started;
}

static void run_threaded(ring *r, unsigned threads)
{
    pthread_t *workers = malloc(threads * sizeof *workers);
    unsigned started = workers != NULL ? start_workers(r, workers, threads) : 0;
    if (started == 0) {
        run_inline(r->steps, r->ctx, r->slots);
    } else {
        feed_and_drain(r);
        for (unsigned i = 0; i < started; i++)
            pthread_join(workers[i], NULL);
    }
    free(workers);
}

bool run_pipeline(const pipeline *steps, void *ctx, unsigned threads)
{
    ring r = {.steps = steps, .ctx = ctx, .capacity = threads > 1 ? steps->slots_per_thread * threads : 1};
    r.slots = calloc(r.capacity, steps->job_size);
    r.done = calloc(r.capacity, sizeof *r.done);
    bool ok = r.slots != NULL && r.done != NULL;
    if (!ok) {
        report_problem(strerror(ENOMEM));
    } else if (threads > 1) {
        pthread_mutex_init(&r.lock, NULL);
        pthread_cond_init(&r.job_ready, NULL);
        pthread_cond_init(&r.job_done, NULL);
        run_threaded(&r, threads);
        pthread_cond_destroy(&r.job_done);
        pthread_cond_destroy(&r.job_ready);
        pthread_mutex_destroy(&r.lock);
    } else {
        run_inline(steps, ctx, r.slots);
    }
    for (size_t i = 0; ok && i < r.capacity; i++)
        steps->release(r.slots + i * steps->job_size);
    free(r.done);
    free(r.slots);
    return ok;
}
