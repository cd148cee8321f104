#include "expr/expression_writer.hpp"

#include <ddbkit/value/limits.hpp>
#include <ddbkit/value/limits.hpp>

#include <algorithm>
#include <compare>

namespace ddbkit::expr::detail {
namespace {

// Deeper trees cannot fit in 4 KB anyway; the cap keeps recursion bounded for any tree.
constexpr int max_tree_depth = 1000;

using kind = attribute_value::kind;

bool is_scalar_key_type(kind k) { return k == kind::s || k == kind::n || k == kind::b; }
bool is_set(kind k) { return k == kind::ss || k == kind::ns || k == kind::bs; }

/// Whether one path equals the other or lies inside it (DynamoDB's "overlap").
bool overlaps(const path& a, const path& b) {
  const auto& x = a.segments();
  const auto& y = b.segments();
  const std::size_t n = std::min(x.size(), y.size());
  return std::equal(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(n), y.begin());
}

std::string_view comparator_text(comparator op) {
  switch (op) {
    case comparator::eq: return " = ";
    case comparator::ne: return " <> ";
    case comparator::lt: return " < ";
    case comparator::le: return " <= ";
    case comparator::gt: return " > ";
    case comparator::ge: return " >= ";
  }
  return " = ";
}

/// Orders two literals of one key type as DynamoDB does: numbers by value, strings and
/// binaries by their bytes.
std::strong_ordering compare_literals(const attribute_value& a, const attribute_value& b) {
  if (a.as_n() && b.as_n()) return *a.as_n() <=> *b.as_n();
  if (a.as_s() && b.as_s()) return a.as_s()->compare(*b.as_s()) <=> 0;  // std::string compares as unsigned char
  if (a.as_b() && b.as_b()) return *a.as_b() <=> *b.as_b();
  return std::strong_ordering::equal;
}

std::string quoted(const path& p) { return "'" + to_string(p) + "'"; }

}  // namespace

bool expression_writer::fail(std::string message) {
  if (!error_) error_ = error::validation(field_, std::move(message));
  return false;
}

bool expression_writer::check_path(const path& p) {
  if (p.syntax_error()) return fail(*p.syntax_error());
  const auto& segments = p.segments();
  if (segments.empty()) return fail("empty path");
  const auto* top = std::get_if<std::string>(&segments.front());
  if (top == nullptr) return fail("path " + quoted(p) + " starts with a list index, not an attribute name");
  if (segments.size() - 1 > limits::max_path_depth) {
    return fail("path " + quoted(p) + " is nested deeper than " + std::to_string(limits::max_path_depth) + " levels");
  }
  for (const auto& s : segments) {
    const auto* name = std::get_if<std::string>(&s);
    if (name == nullptr) continue;
    if (name->empty()) return fail("path " + quoted(p) + " has an empty attribute name");
    if (name->size() > limits::max_attribute_name_size) {
      return fail("path " + quoted(p) + " has a name longer than " +
                  std::to_string(limits::max_attribute_name_size) + " bytes");
    }
  }
  return true;
}

bool expression_writer::write_name(const std::string& name) {
  auto known = t_.placeholder_of_name.find(name);
  if (known == t_.placeholder_of_name.end()) {
    std::string placeholder;
    do {
      placeholder = "#_n" + std::to_string(t_.next_name++);
    } while (t_.names.contains(placeholder));  // a caller's raw fragment may hold it
    t_.names.emplace(placeholder, name);
    known = t_.placeholder_of_name.emplace(name, std::move(placeholder)).first;
  }
  out_ += known->second;
  return true;
}

bool expression_writer::write_path(const path& p) {
  if (!check_path(p)) return false;
  bool first = true;
  for (const auto& s : p.segments()) {
    if (const auto* name = std::get_if<std::string>(&s)) {
      if (!first) out_ += '.';
      write_name(*name);
    } else {
      out_ += '[' + std::to_string(std::get<std::size_t>(s)) + ']';
    }
    first = false;
  }
  return true;
}

bool expression_writer::write_value(const attribute_value& v) {
  if (auto valid = limits::validate_value(v, field_); !valid) {
    if (!error_) error_ = std::move(valid.error());
    return false;
  }
  std::string placeholder;
  do {
    placeholder = ":_v" + std::to_string(t_.next_value++);
  } while (t_.values.contains(placeholder));
  out_ += placeholder;
  t_.values.emplace(std::move(placeholder), v);
  return true;
}

bool expression_writer::write_operand(const operand& o) {
  return std::visit(
      [this](const auto& v) -> bool {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, path>) {
          return write_path(v);
        } else if constexpr (std::is_same_v<T, attribute_value>) {
          return write_value(v);
        } else {
          out_ += "size(";
          if (!write_path(v.target)) return false;
          out_ += ')';
          return true;
        }
      },
      o.node_->v);
}

bool expression_writer::first_operand_is_distinct(const operand& first, const operand& other, std::string_view what) {
  const auto* a = std::get_if<path>(&first.node_->v);
  const auto* b = std::get_if<path>(&other.node_->v);
  if (a && b && a->segments() == b->segments() && !a->syntax_error() && !b->syntax_error()) {
    return fail(std::string(what) + ": the first operand " + quoted(*a) + " must differ from the others");
  }
  return true;
}

bool expression_writer::write_comparison(const comparison& c) {
  if (!first_operand_is_distinct(c.left, c.right, comparator_text(c.op))) return false;
  if (c.op != comparator::eq && c.op != comparator::ne) {
    for (const operand* o : {&c.left, &c.right}) {
      const auto* v = std::get_if<attribute_value>(&o->node_->v);
      if (v && !is_scalar_key_type(v->type())) {
        return fail(std::string("'") + std::string(comparator_text(c.op).substr(1, comparator_text(c.op).size() - 2)) +
                    "' compares only S, N or B values, not " + std::string(to_string(v->type())));
      }
    }
  }
  if (!write_operand(c.left)) return false;
  out_ += comparator_text(c.op);
  return write_operand(c.right);
}

bool expression_writer::write_between(const between_node& b) {
  if (!first_operand_is_distinct(b.subject, b.low, "BETWEEN") ||
      !first_operand_is_distinct(b.subject, b.high, "BETWEEN")) {
    return false;
  }
  const auto* low = std::get_if<attribute_value>(&b.low.node_->v);
  const auto* high = std::get_if<attribute_value>(&b.high.node_->v);
  for (const auto* v : {std::get_if<attribute_value>(&b.subject.node_->v), low, high}) {
    if (v && !is_scalar_key_type(v->type())) {
      return fail("BETWEEN takes only S, N or B values, not " + std::string(to_string(v->type())));
    }
  }
  if (low && high) {
    if (low->type() != high->type()) return fail("BETWEEN bounds must have the same type");
    if (compare_literals(*low, *high) == std::strong_ordering::greater) {
      return fail("BETWEEN needs the lower bound <= the upper bound");
    }
  }
  if (!write_operand(b.subject)) return false;
  out_ += " BETWEEN ";
  if (!write_operand(b.low)) return false;
  out_ += " AND ";
  return write_operand(b.high);
}

bool expression_writer::write_in(const in_node& n) {
  if (n.candidates.empty()) return fail("IN needs at least one candidate");
  if (n.candidates.size() > limits::max_in_candidates) {
    return fail("IN takes at most " + std::to_string(limits::max_in_candidates) + " candidates, not " +
                std::to_string(n.candidates.size()));
  }
  for (const auto& c : n.candidates) {
    if (!first_operand_is_distinct(n.subject, c, "IN")) return false;
  }
  if (!write_operand(n.subject)) return false;
  out_ += " IN (";
  bool first = true;
  for (const auto& c : n.candidates) {
    if (!first) out_ += ", ";
    first = false;
    if (!write_operand(c)) return false;
  }
  out_ += ')';
  return true;
}

bool expression_writer::write_function(const function_node& f) {
  const operand target(f.target);
  switch (f.fn) {
    case function::exists: out_ += "attribute_exists("; break;
    case function::not_exists: out_ += "attribute_not_exists("; break;
    case function::type: out_ += "attribute_type("; break;
    case function::begins_with: out_ += "begins_with("; break;
    case function::contains: out_ += "contains("; break;
  }
  if (const auto* argument = std::get_if<operand>(&f.argument)) {
    const char* name = f.fn == function::begins_with ? "begins_with" : "contains";
    if (!first_operand_is_distinct(target, *argument, name)) return false;
    const auto* v = std::get_if<attribute_value>(&argument->node_->v);
    if (f.fn == function::begins_with && v && v->type() != kind::s && v->type() != kind::b) {
      return fail("begins_with takes an S or B prefix, not " + std::string(to_string(v->type())));
    }
  }
  if (!write_path(f.target)) return false;
  if (const auto* type = std::get_if<kind>(&f.argument)) {
    out_ += ", ";
    if (!write_value(attribute_value(std::string(to_string(*type))))) return false;
  } else if (const auto* argument = std::get_if<operand>(&f.argument)) {
    out_ += ", ";
    if (!write_operand(*argument)) return false;
  }
  out_ += ')';
  return true;
}

bool expression_writer::write_nested(const condition& c, const condition_node& parent, int depth) {
  // Parentheses wherever precedence or readability needs them: a different logical
  // operator below AND/OR (NOT > AND > OR in DynamoDB), a BETWEEN (its own AND reads
  // ambiguously), and anything but a function call below NOT.
  const auto& child = c.node_->v;
  bool wrap = false;
  if (const auto* p = std::get_if<logical_node>(&parent.v)) {
    const auto* l = std::get_if<logical_node>(&child);
    wrap = (l && l->op != p->op) || std::holds_alternative<between_node>(child);
  } else {
    wrap = !std::holds_alternative<function_node>(child);
  }
  if (wrap) out_ += '(';
  if (!write_condition(c, depth + 1)) return false;
  if (wrap) out_ += ')';
  return true;
}

bool expression_writer::write_condition(const condition& c, int depth) {
  if (c.empty()) return fail("empty condition");
  if (depth > max_tree_depth) return fail("conditions nested deeper than " + std::to_string(max_tree_depth) + " levels");
  if (out_.size() > limits::max_expression_size) return true;  // finish() reports the length
  const condition_node& node = *c.node_;
  return std::visit(
      [&](const auto& n) -> bool {
        using T = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<T, comparison>) {
          return write_comparison(n);
        } else if constexpr (std::is_same_v<T, between_node>) {
          return write_between(n);
        } else if constexpr (std::is_same_v<T, in_node>) {
          return write_in(n);
        } else if constexpr (std::is_same_v<T, function_node>) {
          return write_function(n);
        } else if constexpr (std::is_same_v<T, logical_node>) {
          if (!write_nested(n.left, node, depth)) return false;
          out_ += n.op == logical::and_ ? " AND " : " OR ";
          return write_nested(n.right, node, depth);
        } else {
          out_ += "NOT ";
          return write_nested(n.inner, node, depth);
        }
      },
      node.v);
}

void expression_writer::write(const condition& c) { write_condition(c, 0); }

void expression_writer::write(const key_condition& k) {
  const auto& parts = k.parts_;
  if (parts.empty()) { fail("empty key condition"); return; }
  if (parts.size() > 2) {
    fail("a key condition has a partition key equality and at most one sort key condition, not " +
         std::to_string(parts.size()) + " conditions");
    return;
  }
  if (parts.size() == 2 && parts[0].name == parts[1].name) {
    fail("two conditions on key '" + parts[0].name + "'");
    return;
  }
  // The partition key is the one compared with '='; DynamoDB accepts either order, but
  // writing it first reads naturally.
  std::size_t partition = parts.size();
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (parts[i].operation == key_condition::op::eq) { partition = i; break; }
  }
  if (partition == parts.size()) { fail("a key condition needs the partition key compared with '='"); return; }
  std::vector<const key_condition::part*> ordered{&parts[partition]};
  if (parts.size() == 2) ordered.push_back(&parts[1 - partition]);

  for (const auto* p : ordered) {
    const bool is_partition = p == ordered.front();
    if (p->name.empty()) { fail("empty key attribute name"); return; }
    if (p->name.size() > limits::max_key_attribute_name_size) {
      fail("key attribute name longer than " + std::to_string(limits::max_key_attribute_name_size) + " bytes");
      return;
    }
    const std::string field = field_ + "." + p->name;
    auto valid = limits::validate_key_attribute(p->name, p->low, is_partition, field);
    if (valid && p->operation == key_condition::op::between) {
      valid = limits::validate_key_attribute(p->name, p->high, is_partition, field);
    }
    if (!valid) {
      error_ = std::move(valid.error());
      return;
    }
    if (p->operation == key_condition::op::begins_with && p->low.type() == kind::n) {
      fail("begins_with on key '" + p->name + "' needs an S or B prefix, not N");
      return;
    }
    if (p->operation == key_condition::op::between) {
      if (p->low.type() != p->high.type()) { fail("BETWEEN bounds of key '" + p->name + "' must have the same type"); return; }
      if (compare_literals(p->low, p->high) == std::strong_ordering::greater) {
        fail("BETWEEN on key '" + p->name + "' needs the lower bound <= the upper bound");
        return;
      }
    }
  }

  bool first = true;
  for (const auto* p : ordered) {
    if (!first) out_ += " AND ";
    first = false;
    switch (p->operation) {
      case key_condition::op::begins_with:
        out_ += "begins_with(";
        write_name(p->name);
        out_ += ", ";
        if (!write_value(p->low)) return;
        out_ += ')';
        continue;
      case key_condition::op::between:
        write_name(p->name);
        out_ += " BETWEEN ";
        if (!write_value(p->low)) return;
        out_ += " AND ";
        if (!write_value(p->high)) return;
        continue;
      case key_condition::op::eq: write_name(p->name); out_ += " = "; break;
      case key_condition::op::lt: write_name(p->name); out_ += " < "; break;
      case key_condition::op::le: write_name(p->name); out_ += " <= "; break;
      case key_condition::op::gt: write_name(p->name); out_ += " > "; break;
      case key_condition::op::ge: write_name(p->name); out_ += " >= "; break;
    }
    if (!write_value(p->low)) return;
  }
}

bool expression_writer::write_update_operand(const update_operand& o, std::size_t& operators, int depth) {
  if (depth > max_tree_depth) return fail("if_not_exists nested deeper than " + std::to_string(max_tree_depth) + " levels");
  return std::visit(
      [&](const auto& v) -> bool {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, path>) {
          return write_path(v);
        } else if constexpr (std::is_same_v<T, attribute_value>) {
          return write_value(v);
        } else {
          ++operators;
          out_ += "if_not_exists(";
          if (!write_path(v.target)) return false;
          out_ += ", ";
          if (!write_update_operand(v.fallback, operators, depth + 1)) return false;
          out_ += ')';
          return true;
        }
      },
      o.node_->v);
}

bool expression_writer::write_update_value(const update_value& value, std::size_t& operators) {
  const auto* binary = std::get_if<update_binary>(&value.node_->v);
  if (binary == nullptr) return write_update_operand(std::get<update_operand>(value.node_->v), operators, 0);
  ++operators;
  const bool append = binary->fn == update_function::list_append;
  for (const update_operand* o : {&binary->left, &binary->right}) {
    const auto* v = std::get_if<attribute_value>(&o->node_->v);
    if (v == nullptr) continue;
    if (append && v->type() != kind::l) {
      return fail("list_append takes lists, not " + std::string(to_string(v->type())));
    }
    if (!append && v->type() != kind::n) {
      return fail(std::string(binary->fn == update_function::plus ? "'+'" : "'-'") + " takes numbers, not " +
                  std::string(to_string(v->type())));
    }
  }
  if (append) {
    out_ += "list_append(";
    if (!write_update_operand(binary->left, operators, 0)) return false;
    out_ += ", ";
    if (!write_update_operand(binary->right, operators, 0)) return false;
    out_ += ')';
    return true;
  }
  if (!write_update_operand(binary->left, operators, 0)) return false;
  out_ += binary->fn == update_function::plus ? " + " : " - ";
  return write_update_operand(binary->right, operators, 0);
}

void expression_writer::write(const update& u) {
  if (u.empty()) { fail("an update needs at least one action"); return; }
  std::vector<const update_action_node*> actions;
  for (const update_action_node* a = u.last_.get(); a != nullptr; a = a->previous.get()) actions.push_back(a);
  std::reverse(actions.begin(), actions.end());

  for (const auto* a : actions) {
    if (!check_path(a->target)) return;
    if (a->kind == action_kind::add && a->value.type() != kind::n && !is_set(a->value.type())) {
      fail("ADD " + quoted(a->target) + " takes a number or a set, not " + std::string(to_string(a->value.type())));
      return;
    }
    if (a->kind == action_kind::delete_from_set && !is_set(a->value.type())) {
      fail("DELETE " + quoted(a->target) + " takes a set, not " + std::string(to_string(a->value.type())));
      return;
    }
  }
  for (std::size_t i = 0; i < actions.size(); ++i) {
    for (std::size_t j = i + 1; j < actions.size(); ++j) {
      if (overlaps(actions[i]->target, actions[j]->target)) {
        fail("paths " + quoted(actions[i]->target) + " and " + quoted(actions[j]->target) +
             " overlap: one update may change each part of an item once");
        return;
      }
    }
  }

  std::size_t operators = 0;
  for (const auto kind_of_clause : {action_kind::set, action_kind::remove, action_kind::add, action_kind::delete_from_set}) {
    bool first = true;
    for (const auto* a : actions) {
      if (a->kind != kind_of_clause) continue;
      if (first) {
        if (!out_.empty()) out_ += ' ';
        switch (kind_of_clause) {
          case action_kind::set: out_ += "SET "; break;
          case action_kind::remove: out_ += "REMOVE "; break;
          case action_kind::add: out_ += "ADD "; break;
          case action_kind::delete_from_set: out_ += "DELETE "; break;
        }
      } else {
        out_ += ", ";
      }
      first = false;
      if (!write_path(a->target)) return;
      switch (kind_of_clause) {
        case action_kind::set:
          out_ += " = ";
          if (!write_update_value(*a->set_value, operators)) return;
          break;
        case action_kind::remove: break;
        case action_kind::add:
        case action_kind::delete_from_set:
          out_ += ' ';
          if (!write_value(a->value)) return;
          break;
      }
    }
  }
  if (operators > limits::max_update_operators) {
    fail("more than " + std::to_string(limits::max_update_operators) + " operators and functions (" +
         std::to_string(operators) + ")");
  }
}

void expression_writer::write(const projection_list& p) {
  const auto& paths = p.paths();
  if (paths.empty()) { fail("empty projection"); return; }
  for (const auto& q : paths) {
    if (!check_path(q)) return;
  }
  for (std::size_t i = 0; i < paths.size(); ++i) {
    for (std::size_t j = i + 1; j < paths.size(); ++j) {
      if (overlaps(paths[i], paths[j])) {
        fail("paths " + quoted(paths[i]) + " and " + quoted(paths[j]) + " overlap");
        return;
      }
    }
  }
  bool first = true;
  for (const auto& q : paths) {
    if (!first) out_ += ", ";
    first = false;
    write_path(q);
  }
}

result<std::string> expression_writer::finish() {
  if (error_) return std::unexpected(*error_);
  if (out_.size() > limits::max_expression_size) {
    return std::unexpected(error::validation(
        field_, "longer than " + std::to_string(limits::max_expression_size) + " bytes (" +
                    std::to_string(out_.size()) + ")"));
  }
  return std::move(out_);
}

}  // namespace ddbkit::expr::detail
