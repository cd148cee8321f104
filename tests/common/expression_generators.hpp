#pragma once
// RapidCheck generators of expression trees (conditions, key conditions, updates,
// projections) that DynamoDB must accept, shared by the unit and integration property tests.
// Paths come from a small pool so that trees reuse names, and include reserved words,
// dots, dashes, spaces and nested map-in-list-in-map paths.
#include <ddbkit/expr.hpp>

#include <rapidcheck.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ddbkit::testing {

/// One of 0..n-1, equally likely at every size (rc::gen::inRange narrows with the size,
/// which would hide most choices from small samples).
template <class T = int>
rc::Gen<T> gen_choice(T n) {
  std::vector<T> choices;
  for (T i = 0; i < n; ++i) choices.push_back(i);
  return rc::gen::elementOf(choices);
}

/// Paths no two of which overlap, so any subset can be the targets of one update.
inline std::vector<expr::path> disjoint_paths() {
  return {expr::path("name"),
          expr::path("status"),
          expr::path("ttl"),
          expr::path("data"),
          expr::path::attribute("a.b"),
          expr::path("with-dash"),
          expr::path("m.inner[1].status"),
          expr::path("m.data"),
          expr::path("l[0]"),
          expr::path::attribute("x y").member("z.w")};
}

inline rc::Gen<expr::path> gen_path() { return rc::gen::elementOf(disjoint_paths()); }

/// Two different paths.
inline rc::Gen<std::pair<expr::path, expr::path>> gen_two_paths() {
  return rc::gen::map(rc::gen::pair(gen_choice(disjoint_paths().size()), gen_choice(disjoint_paths().size() - 1)),
                      [](std::pair<std::size_t, std::size_t> p) {
                        const auto pool = disjoint_paths();
                        return std::pair{pool[p.first], pool[(p.first + p.second + 1) % pool.size()]};
                      });
}

inline rc::Gen<std::string> gen_short_text() {
  return rc::gen::container<std::string>(rc::gen::element('a', 'b', 'z', ' ', '#', ':', '.', '-', '\'', '"'));
}

inline rc::Gen<attribute_value> gen_number_value() {
  return rc::gen::map(rc::gen::inRange(-1000, 1000), [](int n) { return attribute_value(n); });
}

/// S, N or B: the types that order (<, BETWEEN).
inline rc::Gen<attribute_value> gen_ordered_value(attribute_value::kind k) {
  switch (k) {
    case attribute_value::kind::s: return rc::gen::map(gen_short_text(), [](std::string s) { return attribute_value(s); });
    case attribute_value::kind::n: return gen_number_value();
    default:
      return rc::gen::map(rc::gen::nonEmpty(rc::gen::container<bytes>(rc::gen::arbitrary<std::uint8_t>())),
                          [](bytes b) { return attribute_value(std::move(b)); });
  }
}

inline rc::Gen<attribute_value::kind> gen_ordered_kind() {
  return rc::gen::element(attribute_value::kind::s, attribute_value::kind::n, attribute_value::kind::b);
}

inline rc::Gen<attribute_value> gen_scalar_value() {
  return rc::gen::mapcat(gen_ordered_kind(), gen_ordered_value);
}

/// A value of any type, sets and documents included.
inline rc::Gen<attribute_value> gen_any_value() {
  using av = attribute_value;
  return rc::gen::oneOf(
      gen_scalar_value(), gen_scalar_value(), rc::gen::map(rc::gen::arbitrary<bool>(), [](bool b) { return av(b); }),
      rc::gen::just(av::null()),
      rc::gen::map(rc::gen::resize(4, rc::gen::container<av::list_type>(gen_scalar_value())), [](av::list_type l) { return av(std::move(l)); }),
      rc::gen::map(rc::gen::resize(4, rc::gen::container<item>(rc::gen::nonEmpty(gen_short_text()), gen_scalar_value())),
                   [](item m) { return av(std::move(m)); }),
      rc::gen::map(rc::gen::resize(4, rc::gen::nonEmpty(rc::gen::container<av::string_set>(rc::gen::nonEmpty(gen_short_text())))),
                   [](av::string_set s) { return av(std::move(s)); }),
      rc::gen::map(rc::gen::resize(4, rc::gen::nonEmpty(rc::gen::container<std::set<int>>(rc::gen::inRange(-50, 50)))),
                   [](std::set<int> s) {
                     av::number_set ns;
                     for (int n : s) ns.insert(number(n));
                     return av(std::move(ns));
                   }));
}

/// A literal, a path different from `subject`, or size() of a path.
inline rc::Gen<expr::operand> gen_other_operand(const expr::path& subject, rc::Gen<attribute_value> values) {
  return rc::gen::oneOf(
      rc::gen::map(values, [](attribute_value v) { return expr::operand(std::move(v)); }),
      rc::gen::map(values, [](attribute_value v) { return expr::operand(std::move(v)); }),
      rc::gen::map(gen_path(), [subject](expr::path p) {
        return expr::operand(p.segments() == subject.segments() ? expr::path("other") : std::move(p));
      }),
      rc::gen::map(gen_path(), [](expr::path p) { return expr::size(std::move(p)); }));
}

inline rc::Gen<expr::condition> gen_comparison() {
  return rc::gen::mapcat(rc::gen::pair(gen_path(), gen_choice(6)), [](std::pair<expr::path, int> choice) {
    const auto& [subject, op] = choice;
    const bool ordering = op >= 2;
    return rc::gen::map(gen_other_operand(subject, ordering ? gen_scalar_value() : gen_any_value()),
                        [subject = subject, op = op](expr::operand other) {
                          switch (op) {
                            case 0: return subject == other;
                            case 1: return subject != other;
                            case 2: return subject < other;
                            case 3: return subject <= other;
                            case 4: return subject > other;
                            default: return subject >= other;
                          }
                        });
  });
}

inline rc::Gen<expr::condition> gen_between() {
  return rc::gen::mapcat(gen_ordered_kind(), [](attribute_value::kind k) {
    return rc::gen::map(rc::gen::tuple(gen_path(), rc::gen::arbitrary<bool>(), gen_ordered_value(k), gen_ordered_value(k)),
                        [](std::tuple<expr::path, bool, attribute_value, attribute_value> t) {
                          auto [p, on_size, low, high] = std::move(t);
                          // Bounds in DynamoDB's order: numbers by value, S and B by bytes.
                          const bool swap = low.as_n() ? *high.as_n() < *low.as_n()
                                            : low.as_s() ? *high.as_s() < *low.as_s()
                                                         : *high.as_b() < *low.as_b();
                          if (swap) std::swap(low, high);
                          return on_size ? expr::between(expr::size(p), low, high) : p.between(low, high);
                        });
  });
}

inline rc::Gen<expr::condition> gen_in() {
  return rc::gen::map(rc::gen::pair(gen_path(), rc::gen::resize(5, rc::gen::nonEmpty(rc::gen::container<std::vector<attribute_value>>(gen_any_value())))),
                      [](std::pair<expr::path, std::vector<attribute_value>> p) {
                        std::vector<expr::operand> candidates(p.second.begin(), p.second.end());
                        return p.first.in(std::move(candidates));
                      });
}

inline rc::Gen<expr::condition> gen_function() {
  using kind = attribute_value::kind;
  return rc::gen::oneOf(
      rc::gen::map(gen_path(), [](expr::path p) { return p.exists(); }),
      rc::gen::map(gen_path(), [](expr::path p) { return p.not_exists(); }),
      rc::gen::map(rc::gen::pair(gen_path(), rc::gen::element(kind::s, kind::ss, kind::n, kind::ns, kind::b, kind::bs,
                                                              kind::boolean, kind::null, kind::l, kind::m)),
                   [](std::pair<expr::path, kind> p) { return p.first.has_type(p.second); }),
      rc::gen::map(rc::gen::pair(gen_path(), rc::gen::oneOf(gen_ordered_value(kind::s), gen_ordered_value(kind::b))),
                   [](std::pair<expr::path, attribute_value> p) { return p.first.begins_with(p.second); }),
      rc::gen::map(gen_two_paths(), [](std::pair<expr::path, expr::path> p) { return p.first.contains(p.second); }),
      rc::gen::map(rc::gen::pair(gen_path(), gen_any_value()),
                   [](std::pair<expr::path, attribute_value> p) { return p.first.contains(p.second); }));
}

inline rc::Gen<expr::condition> gen_leaf_condition() {
  return rc::gen::oneOf(gen_comparison(), gen_comparison(), gen_between(), gen_in(), gen_function(), gen_function());
}

/// A condition tree at most `depth` logical levels deep, with AND, OR, NOT and empty sides.
inline rc::Gen<expr::condition> gen_condition(int depth = 4) {
  if (depth <= 0) return gen_leaf_condition();
  auto sub = gen_condition(depth - 1);
  return rc::gen::oneOf(
      gen_leaf_condition(),
      rc::gen::map(rc::gen::pair(sub, sub), [](std::pair<expr::condition, expr::condition> p) { return p.first && p.second; }),
      rc::gen::map(rc::gen::pair(sub, sub), [](std::pair<expr::condition, expr::condition> p) { return p.first || p.second; }),
      rc::gen::map(sub, [](expr::condition c) { return !c; }),
      rc::gen::map(sub, [](expr::condition c) { return expr::condition{} || c; }),
      rc::gen::map(sub, [](expr::condition c) { return c && expr::condition{}; }));
}

inline rc::Gen<expr::update_operand> gen_update_operand(rc::Gen<attribute_value> values) {
  return rc::gen::oneOf(
      rc::gen::map(values, [](attribute_value v) { return expr::update_operand(std::move(v)); }),
      rc::gen::map(gen_path(), [](expr::path p) { return expr::update_operand(std::move(p)); }),
      rc::gen::map(rc::gen::pair(gen_path(), values),
                   [](std::pair<expr::path, attribute_value> p) { return expr::if_not_exists(p.first, p.second); }));
}

inline rc::Gen<expr::update_value> gen_set_value() {
  using av = attribute_value;
  auto numbers = gen_update_operand(gen_number_value());
  auto lists = gen_update_operand(rc::gen::map(rc::gen::resize(3, rc::gen::container<av::list_type>(gen_scalar_value())),
                                               [](av::list_type l) { return av(std::move(l)); }));
  return rc::gen::oneOf(
      rc::gen::map(gen_any_value(), [](attribute_value v) { return expr::update_value(std::move(v)); }),
      rc::gen::map(gen_update_operand(gen_any_value()), [](expr::update_operand o) { return expr::update_value(std::move(o)); }),
      rc::gen::map(rc::gen::pair(numbers, numbers), [](auto p) { return p.first + p.second; }),
      rc::gen::map(rc::gen::pair(numbers, numbers), [](auto p) { return p.first - p.second; }),
      rc::gen::map(rc::gen::pair(lists, lists), [](auto p) { return expr::list_append(p.first, p.second); }));
}

inline rc::Gen<attribute_value> gen_set_of_members() {
  using av = attribute_value;
  return rc::gen::oneOf(
      rc::gen::map(rc::gen::resize(4, rc::gen::nonEmpty(rc::gen::container<av::string_set>(rc::gen::nonEmpty(gen_short_text())))),
                   [](av::string_set s) { return av(std::move(s)); }),
      rc::gen::map(rc::gen::resize(4, rc::gen::nonEmpty(rc::gen::container<std::set<int>>(rc::gen::inRange(-50, 50)))),
                   [](std::set<int> s) {
                     av::number_set ns;
                     for (int n : s) ns.insert(number(n));
                     return av(std::move(ns));
                   }));
}

/// An update of 1 to 10 actions of every kind, on disjoint paths.
inline rc::Gen<expr::update> gen_update() {
  using action = std::function<void(expr::update&, const expr::path&)>;
  auto gen_action = rc::gen::oneOf(
      rc::gen::map(gen_set_value(), [](expr::update_value v) { return action([v](expr::update& u, const expr::path& p) { u.set(p, v); }); }),
      rc::gen::just(action([](expr::update& u, const expr::path& p) { u.remove(p); })),
      rc::gen::map(rc::gen::oneOf(gen_number_value(), gen_set_of_members()),
                   [](attribute_value v) { return action([v](expr::update& u, const expr::path& p) { u.add(p, v); }); }),
      rc::gen::map(gen_set_of_members(), [](attribute_value v) {
        return action([v](expr::update& u, const expr::path& p) { u.delete_from_set(p, v); });
      }));
  return rc::gen::map(
      rc::gen::pair(rc::gen::nonEmpty(rc::gen::resize(10, rc::gen::container<std::vector<action>>(gen_action))),
                    rc::gen::arbitrary<std::uint32_t>()),
      [](std::pair<std::vector<action>, std::uint32_t> p) {
        auto targets = disjoint_paths();
        std::rotate(targets.begin(), targets.begin() + static_cast<std::ptrdiff_t>(p.second % targets.size()), targets.end());
        expr::update u;
        for (std::size_t i = 0; i < p.first.size() && i < targets.size(); ++i) p.first[i](u, targets[i]);
        return u;
      });
}

/// A projection_list of 1 to 10 disjoint paths.
inline rc::Gen<expr::projection_list> gen_projection() {
  return rc::gen::map(rc::gen::pair(gen_choice<std::size_t>(10), rc::gen::arbitrary<std::uint32_t>()),
                      [](std::pair<std::size_t, std::uint32_t> p) {
                        auto pool = disjoint_paths();
                        std::rotate(pool.begin(), pool.begin() + static_cast<std::ptrdiff_t>(p.second % pool.size()), pool.end());
                        expr::projection_list out;
                        for (std::size_t i = 0; i <= p.first; ++i) out.add(pool[i]);
                        return out;
                      });
}

/// A key condition for a table keyed by "pk" (S) and "sk" (N).
inline rc::Gen<expr::key_condition> gen_key_condition() {
  return rc::gen::map(
      rc::gen::tuple(rc::gen::nonEmpty(gen_short_text()), gen_choice(7), gen_number_value(), gen_number_value(),
                     rc::gen::arbitrary<bool>()),
      [](std::tuple<std::string, int, attribute_value, attribute_value, bool> t) {
        auto [pk, op, a, b, sort_first] = std::move(t);
        auto partition = expr::key("pk") == pk;
        const auto sk = expr::key("sk");
        expr::key_condition sort;
        if (*b.as_n() < *a.as_n()) std::swap(a, b);
        switch (op) {
          case 0: return partition;
          case 1: sort = sk == a; break;
          case 2: sort = sk < a; break;
          case 3: sort = sk <= a; break;
          case 4: sort = sk > a; break;
          case 5: sort = sk >= a; break;
          default: sort = sk.between(a, b); break;
        }
        return sort_first ? std::move(sort) && std::move(partition) : std::move(partition) && std::move(sort);
      });
}

/// The "#x" and ":y" placeholders an expression uses.
struct used_placeholders {
  std::set<std::string> names;
  std::set<std::string> values;

  void scan(std::string_view expression) {
    for (std::size_t i = 0; i < expression.size(); ++i) {
      const char sigil = expression[i];
      if (sigil != '#' && sigil != ':') continue;
      std::size_t end = i + 1;
      while (end < expression.size() && (std::isalnum(static_cast<unsigned char>(expression[end])) || expression[end] == '_')) ++end;
      (sigil == '#' ? names : values).insert(std::string(expression.substr(i, end - i)));
      i = end - 1;
    }
  }
};

/// The keys of a placeholder table.
template <class Map>
std::set<std::string> keys_of(const Map& m) {
  std::set<std::string> out;
  for (const auto& [k, v] : m) out.insert(k);
  return out;
}

}  // namespace ddbkit::testing
