//! Work spread over the machine's cores: reading a large library and indexing it for search.

/// How many threads to use for `items` pieces of work when each thread should have at least
/// `at_least` of them: more threads than that cost more to start than they save.
pub fn workers_for(items: usize, at_least: usize) -> usize {
    std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(items.div_ceil(at_least.max(1)))
        .max(1)
}

/// `work(0)` to `work(workers - 1)`, each on a thread of its own (on this one when there is one
/// worker), their results in that order. A worker that panics panics here, so a bug never turns
/// into work silently left undone.
pub fn on_workers<T: Send>(workers: usize, work: impl Fn(usize) -> T + Sync) -> Vec<T> {
    if workers <= 1 {
        return vec![work(0)];
    }
    let work = &work;
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|worker| scope.spawn(move || work(worker)))
            .collect();
        handles
            .into_iter()
            .map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_worker_runs_once_and_results_keep_their_order() {
        for workers in [0, 1, 2, 5] {
            let done = on_workers(workers, |worker| worker * 10);
            let expected: Vec<usize> = (0..workers.max(1)).map(|w| w * 10).collect();
            assert_eq!(done, expected);
        }
    }

    #[test]
    fn a_panicking_worker_is_not_lost() {
        let caught = std::panic::catch_unwind(|| {
            on_workers(2, |worker| {
                assert!(worker != 1, "worker 1 fails");
                worker
            })
        });
        assert!(caught.is_err());
    }

    #[test]
    fn few_items_use_few_workers() {
        assert_eq!(workers_for(0, 16), 1);
        assert_eq!(workers_for(10, 16), 1);
        assert!(workers_for(10_000, 16) >= 1);
        assert!(workers_for(17, 16) <= 2);
    }
}
