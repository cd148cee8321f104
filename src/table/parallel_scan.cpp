#include <ddbkit/client.hpp>
#include <ddbkit/table/parallel_scan.hpp>

#include <condition_variable>
#include <deque>
#include <limits>
#include <map>
#include <mutex>

namespace ddbkit::detail {

struct segment_pages::state : std::enable_shared_from_this<segment_pages::state> {
  struct segment {
    std::shared_ptr<page_reader> reader;
    bool fetching = false;
  };

  client* c = nullptr;
  table_ref table;
  scan_request request;
  parallel_scan_options options;
  std::size_t capacity = 1;

  std::mutex mutex;
  std::condition_variable changed;
  /// The segments begun and not finished, by number (at most `concurrency`): a scan of a
  /// million segments holds a handful at a time.
  std::map<int, segment> active;
  int started = 0;
  std::size_t fetching = 0;
  std::deque<page_output> ready;
  std::optional<error> failed;  // handed out once, then the read is over
  bool failure_handed_out = false;
  bool stopped = false;
  read_totals totals;

  bool all_done() const { return started == options.total_segments && active.empty(); }

  /// The read is over: drops the segments' readers. A reader waiting for a page holds this
  /// state through its handler; holding the reader here as well would make a cycle that
  /// outlives a fetch which never completes (its executor stopped).
  void let_go() { active.clear(); }

  /// Starts what the buffer has room for: the next page of segments already begun, then
  /// new segments up to the concurrency. Returns the segments to fetch (outside the lock).
  std::vector<std::pair<int, std::shared_ptr<page_reader>>> due() {
    std::vector<std::pair<int, std::shared_ptr<page_reader>>> out;
    if (stopped || failed) return out;
    auto room = [&] { return ready.size() + fetching < capacity; };
    for (auto& [number, seg] : active) {
      if (!room()) break;
      if (!seg.fetching) {
        seg.fetching = true;
        ++fetching;
        out.emplace_back(number, seg.reader);
      }
    }
    while (room() && active.size() < options.concurrency && started < options.total_segments) {
      scan_request one = request;
      one.segment = started;
      one.total_segments = options.total_segments;
      auto reader = page_reader::scan(*c, table, std::move(one), {});
      active.emplace(started, segment{.reader = reader, .fetching = true});
      ++fetching;
      out.emplace_back(started++, std::move(reader));
    }
    return out;
  }

  void fetch(std::vector<std::pair<int, std::shared_ptr<page_reader>>> which) {
    for (auto& [number, reader] : which) {
      reader->async_next(std::numeric_limits<std::size_t>::max(),
                         [self = shared_from_this(), number](result<std::optional<page_output>> page) {
                           self->arrived(number, std::move(page));
                         });
    }
  }

  void arrived(int number, result<std::optional<page_output>> page) {
    std::vector<std::pair<int, std::shared_ptr<page_reader>>> next;
    {
      std::lock_guard lock(mutex);
      --fetching;
      auto at = active.find(number);
      if (at != active.end()) at->second.fetching = false;
      if (!page) {
        if (!failed) failed = std::move(page.error());
      } else if (!*page) {
        if (at != active.end()) active.erase(at);
      } else if (!stopped) {
        totals.add(**page);
        ready.push_back(std::move(**page));
      }
      if (failed) let_go();
      next = due();
    }
    changed.notify_all();
    fetch(std::move(next));
  }
};

std::shared_ptr<segment_pages> segment_pages::start(client& c, table_ref table, scan_request request,
                                                    parallel_scan_options options) {
  auto s = std::make_shared<state>();
  s->c = &c;
  s->table = std::move(table);
  s->request = std::move(request);
  if (options.total_segments < 1) options.total_segments = 1;
  if (options.concurrency < 1) options.concurrency = 1;
  s->capacity = options.buffered_pages > 0 ? options.buffered_pages : options.concurrency;
  s->options = options;
  std::vector<std::pair<int, std::shared_ptr<page_reader>>> first;
  {
    std::lock_guard lock(s->mutex);
    first = s->due();
  }
  s->fetch(std::move(first));
  return std::make_shared<segment_pages>(std::move(s));
}

segment_pages::segment_pages(std::shared_ptr<state> s) : state_(std::move(s)) {}
segment_pages::~segment_pages() { stop(); }

result<std::optional<page_output>> segment_pages::next() {
  auto& s = *state_;
  std::unique_lock lock(s.mutex);
  for (;;) {
    if (s.failed) {
      if (s.failure_handed_out) return std::optional<page_output>();
      s.failure_handed_out = true;
      return std::unexpected(*s.failed);
    }
    if (!s.ready.empty()) {
      auto page = std::move(s.ready.front());
      s.ready.pop_front();
      auto more = s.due();
      lock.unlock();
      s.fetch(std::move(more));
      return std::optional<page_output>(std::move(page));
    }
    if (s.stopped || (s.all_done() && s.fetching == 0)) return std::optional<page_output>();
    s.changed.wait(lock);
  }
}

void segment_pages::stop() {
  std::lock_guard lock(state_->mutex);
  state_->stopped = true;
  state_->ready.clear();
  state_->let_go();
}

read_totals segment_pages::totals() const {
  std::lock_guard lock(state_->mutex);
  return state_->totals;
}

}  // namespace ddbkit::detail
