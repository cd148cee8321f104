#include <ddbkit/client.hpp>
#include <ddbkit/table/parallel_scan.hpp>

#include <condition_variable>
#include <deque>
#include <limits>
#include <mutex>

namespace ddbkit::detail {

struct segment_pages::state : std::enable_shared_from_this<segment_pages::state> {
  struct segment {
    std::shared_ptr<page_reader> reader;
    bool fetching = false;
    bool done = false;
  };

  client* c = nullptr;
  table_ref table;
  scan_request request;
  parallel_scan_options options;
  std::size_t capacity = 1;

  std::mutex mutex;
  std::condition_variable changed;
  std::vector<segment> segments;  // started so far, in segment order
  std::size_t fetching = 0;
  std::deque<page_output> ready;
  std::optional<error> failed;  // handed out once, then the read is over
  bool failure_handed_out = false;
  bool stopped = false;
  read_totals totals;

  bool all_done() const {
    if (segments.size() < static_cast<std::size_t>(options.total_segments)) return false;
    for (const auto& s : segments) {
      if (!s.done) return false;
    }
    return true;
  }

  std::size_t active() const {
    std::size_t n = 0;
    for (const auto& s : segments) n += s.done ? 0 : 1;
    return n;
  }

  /// Starts what the buffer has room for: the next page of segments already begun, then
  /// new segments up to the concurrency. Returns the fetches to start (outside the lock).
  std::vector<std::size_t> due() {
    std::vector<std::size_t> out;
    if (stopped || failed) return out;
    auto room = [&] { return ready.size() + fetching < capacity; };
    for (std::size_t i = 0; i < segments.size() && room(); ++i) {
      if (!segments[i].done && !segments[i].fetching) {
        segments[i].fetching = true;
        ++fetching;
        out.push_back(i);
      }
    }
    while (room() && active() < options.concurrency && segments.size() < static_cast<std::size_t>(options.total_segments)) {
      scan_request one = request;
      one.segment = static_cast<int>(segments.size());
      one.total_segments = options.total_segments;
      segments.push_back({.reader = page_reader::scan(*c, table, std::move(one), {}), .fetching = true, .done = false});
      ++fetching;
      out.push_back(segments.size() - 1);
    }
    return out;
  }

  void fetch(std::vector<std::size_t> which) {
    for (auto i : which) {
      std::shared_ptr<page_reader> reader;
      {
        std::lock_guard lock(mutex);
        reader = segments[i].reader;
      }
      reader->async_next(std::numeric_limits<std::size_t>::max(),
                         [self = shared_from_this(), i](result<std::optional<page_output>> page) {
                           self->arrived(i, std::move(page));
                         });
    }
  }

  void arrived(std::size_t i, result<std::optional<page_output>> page) {
    std::vector<std::size_t> next;
    {
      std::lock_guard lock(mutex);
      --fetching;
      segments[i].fetching = false;
      if (!page) {
        if (!failed) failed = std::move(page.error());
      } else if (!*page) {
        segments[i].done = true;
      } else if (!stopped) {
        totals.count += (*page)->count;
        totals.scanned_count += (*page)->scanned_count;
        totals.pages += 1;
        if ((*page)->consumed_capacity && (*page)->consumed_capacity->capacity_units) {
          totals.capacity_units += *(*page)->consumed_capacity->capacity_units;
        }
        ready.push_back(std::move(**page));
      }
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
  std::vector<std::size_t> first;
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
}

read_totals segment_pages::totals() const {
  std::lock_guard lock(state_->mutex);
  return state_->totals;
}

}  // namespace ddbkit::detail
