#pragma once
// The expression builders: paths, conditions, key conditions, updates, projections, and the
// per-request placeholder table that renders them.
#include <ddbkit/expr/condition.hpp>
#include <ddbkit/expr/expression_context.hpp>
#include <ddbkit/expr/key_condition.hpp>
#include <ddbkit/expr/limits.hpp>
#include <ddbkit/expr/operand.hpp>
#include <ddbkit/expr/path.hpp>
#include <ddbkit/expr/projection_list.hpp>
#include <ddbkit/expr/update.hpp>
