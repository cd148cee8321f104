#pragma once
// Pages read one after another and processed by several threads at once, with the reading
// held back while the workers are busy (reader<T>::process_parallel()).
#include <ddbkit/error.hpp>

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace ddbkit::detail {

/// Reads pages with `next_page()` (result<std::optional<std::vector<T>>>) on the calling
/// thread and runs `fn(std::vector<T>)` (result<std::vector<R>>) on `concurrency` worker
/// threads. At most `concurrency` pages wait for a worker: the reading waits for them. The
/// first error (of a read or of fn) stops the reading and the start of new work; work
/// already running finishes; the error is returned. With `keep_order`, the results come in
/// page order, else in the order the pages were finished.
template <class T, class R, class NextPage, class Fn>
result<std::vector<R>> process_pages(NextPage next_page, std::size_t concurrency, Fn fn, bool keep_order) {
  concurrency = std::max<std::size_t>(1, concurrency);
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<std::pair<std::size_t, std::vector<T>>> waiting;
  std::vector<std::pair<std::size_t, std::vector<R>>> finished;
  std::optional<error> failed;
  bool reading_done = false;

  auto work = [&] {
    for (;;) {
      std::unique_lock lock(mutex);
      changed.wait(lock, [&] { return failed || !waiting.empty() || reading_done; });
      if (failed || waiting.empty()) return;
      auto [index, items] = std::move(waiting.front());
      waiting.pop_front();
      changed.notify_all();  // room for the reader
      lock.unlock();
      auto out = fn(std::move(items));
      lock.lock();
      if (!out) {
        if (!failed) failed = std::move(out.error());
      } else {
        finished.emplace_back(index, std::move(*out));
      }
      changed.notify_all();
    }
  };
  std::vector<std::thread> workers;
  workers.reserve(concurrency);
  for (std::size_t i = 0; i < concurrency; ++i) workers.emplace_back(work);

  for (std::size_t index = 0;; ++index) {
    {
      std::unique_lock lock(mutex);
      changed.wait(lock, [&] { return failed || waiting.size() < concurrency; });
      if (failed) break;
    }
    auto page = next_page();
    std::lock_guard lock(mutex);
    if (!page) {
      if (!failed) failed = std::move(page.error());
      break;
    }
    if (!*page) break;
    waiting.emplace_back(index, std::move(**page));
    changed.notify_all();
  }
  {
    std::lock_guard lock(mutex);
    reading_done = true;
  }
  changed.notify_all();
  for (auto& w : workers) w.join();

  if (failed) return std::unexpected(std::move(*failed));
  if (keep_order) std::ranges::sort(finished, {}, &std::pair<std::size_t, std::vector<R>>::first);
  std::vector<R> out;
  for (auto& [index, results] : finished) {
    out.insert(out.end(), std::make_move_iterator(results.begin()), std::make_move_iterator(results.end()));
  }
  return out;
}

}  // namespace ddbkit::detail
