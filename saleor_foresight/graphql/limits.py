"""What one GraphQL document may cost, checked before it is validated or run.

A document is refused, whole and before any resolver runs, when it goes past a limit (a
GraphQL error with ``extensions.code``, HTTP 400):

* ``TOO_MANY_TOKENS``: more than ``MAX_TOKENS`` tokens, comments included; the parser stops
  there, so a huge document costs no more than a small one (``TOO_DEEP`` when it nests past
  what the parser can recurse into);
* ``TOO_DEEP``: selections nested more than ``MAX_DEPTH`` fields deep;
* ``TOO_MANY_ALIASES``: more than ``MAX_ALIASES`` aliased fields;
* ``TOO_MANY_FIELDS``: more than ``MAX_FIELDS`` fields once every fragment is expanded
  where it is spread (so a fragment spread twice counts twice, and a "fragment bomb" whose
  expansion doubles at each level is measured without being expanded);
* ``TOO_MANY_MUTATIONS``: more than ``MAX_MUTATIONS`` mutation fields in one operation
  (each is a unit of work: a database transaction, a photo decode, a job);
* ``TOO_MANY_SALEOR_READS``: more than ``MAX_SALEOR_READS`` fields that ask Saleor in one
  operation (the fields declared with ``metadata=ASKS_SALEOR``: ``checkoutDisclosures``,
  ``acceptDisclosures``), fragments expanded;
* ``INTROSPECTION_DISABLED``: ``__schema`` or ``__type`` from a caller without a staff
  token, outside the embedded default (a production shop publishes its SDL, it does not
  answer introspection to strangers).

The measure of a document is computed once per distinct text (``_COSTS``, an LRU beside
strawberry's parser and validation caches), so the documents a storefront repeats cost a
dictionary look-up. Graphql-core's own validation runs only on documents within the limits:
some of its rules are quadratic in the number of fields, which is where a document of
1,500 aliases spent its seconds.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    get_named_type,
)
from graphql.type.definition import GraphQLInterfaceType
from strawberry.extensions import ValidationCache

from ..plugin.tokens import Staff

MAX_TOKENS = 4000
MAX_DEPTH = 15  # the standard introspection query is 15 deep; documents Foresight ships, 8
MAX_ALIASES = 20
MAX_FIELDS = 500
MAX_MUTATIONS = 2
MAX_SALEOR_READS = 1

# ``strawberry.field(metadata=ASKS_SALEOR)``: resolving the field may call Saleor
ASKS_SALEOR: Mapping[str, Any] = {"foresight.asks_saleor": True}

_INTROSPECTION = frozenset({"__schema", "__type"})
_STRAWBERRY_FIELD = "strawberry-definition"
_CACHE_SIZE = 256


@dataclass(frozen=True)
class Cost:
    """What a document asks for, every fragment expanded where it is spread."""

    depth: int = 0
    fields: int = 0
    aliases: int = 0
    mutations: int = 0
    saleor_reads: int = 0
    introspection: bool = False

    def __add__(self, other: Cost) -> Cost:
        return Cost(
            depth=max(self.depth, other.depth),
            fields=self.fields + other.fields,
            aliases=self.aliases + other.aliases,
            mutations=self.mutations + other.mutations,
            saleor_reads=self.saleor_reads + other.saleor_reads,
            introspection=self.introspection or other.introspection,
        )

    def deeper(self, levels: int) -> Cost:
        return Cost(
            self.depth + levels,
            self.fields,
            self.aliases,
            self.mutations,
            self.saleor_reads,
            self.introspection,
        )


def measure(schema: GraphQLSchema, document: DocumentNode) -> Cost:
    """What ``document`` asks for (see ``_Measure.total``)."""
    return _Measure(schema, document).total()


def refusals(cost: Cost) -> list[GraphQLError]:
    """The limits ``cost`` goes past, as GraphQL errors (empty when it is within them)."""
    errors = []
    for code, found, limit, what in (
        ("TOO_DEEP", cost.depth, MAX_DEPTH, "levels of fields"),
        ("TOO_MANY_ALIASES", cost.aliases, MAX_ALIASES, "aliases"),
        ("TOO_MANY_FIELDS", cost.fields, MAX_FIELDS, "fields (fragments expanded)"),
        ("TOO_MANY_MUTATIONS", cost.mutations, MAX_MUTATIONS, "mutation fields"),
        ("TOO_MANY_SALEOR_READS", cost.saleor_reads, MAX_SALEOR_READS, "fields that ask Saleor"),
    ):
        if found > limit:
            errors.append(
                GraphQLError(
                    f"The document has {found} {what}; at most {limit} are allowed.",
                    extensions={"code": code, "limit": limit},
                )
            )
    return errors


class _Measure:
    """One walk over a document; each fragment is measured once, however often spread."""

    def __init__(self, schema: GraphQLSchema, document: DocumentNode) -> None:
        self.schema = schema
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.operations = [
            d for d in document.definitions if isinstance(d, OperationDefinitionNode)
        ]
        self.measured: dict[str, Cost] = {}
        self.measuring: set[str] = set()

    def total(self) -> Cost:
        """Fields, aliases and depth over the whole document (validation reads all of it);
        mutations and Saleor reads of the operation asking most (only one of them runs)."""
        cost = Cost()
        for operation in self.operations:
            root = self.schema.get_root_type(operation.operation)
            found = self.selections(operation.selection_set, root)
            mutations = 0
            if operation.operation is OperationType.MUTATION:
                mutations = self.root_fields(operation.selection_set)
            cost = Cost(
                depth=max(cost.depth, found.depth),
                fields=cost.fields + found.fields,
                aliases=cost.aliases + found.aliases,
                mutations=max(cost.mutations, mutations),
                saleor_reads=max(cost.saleor_reads, found.saleor_reads),
                introspection=cost.introspection or found.introspection,
            )
        return cost

    def root_fields(
        self, selection_set: SelectionSetNode, seen: frozenset[str] = frozenset()
    ) -> int:
        """How many fields sit at the root of a mutation, fragments expanded."""
        count = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                count += selection.name.value != "__typename"
            elif isinstance(selection, InlineFragmentNode):
                count += self.root_fields(selection.selection_set, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is not None and name not in seen:
                    count += self.root_fields(fragment.selection_set, seen | {name})
        return count

    def selections(self, selection_set: SelectionSetNode, parent: GraphQLNamedType | None) -> Cost:
        cost = Cost()
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                cost = cost + self.field(selection, parent)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                scope = self.schema.get_type(condition.name.value) if condition else parent
                cost = cost + self.selections(selection.selection_set, scope)
            elif isinstance(selection, FragmentSpreadNode):
                cost = cost + self.fragment(selection.name.value)
        return cost

    def field(self, node: FieldNode, parent: GraphQLNamedType | None) -> Cost:
        name = node.name.value
        definition = None
        if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            definition = parent.fields.get(name)
        asks_saleor = False
        if definition is not None:
            strawberry_field = definition.extensions.get(_STRAWBERRY_FIELD)
            metadata = getattr(strawberry_field, "metadata", None) or {}
            asks_saleor = all(metadata.get(key) == value for key, value in ASKS_SALEOR.items())
        own = Cost(
            depth=1,
            fields=1,
            aliases=1 if node.alias is not None else 0,
            saleor_reads=1 if asks_saleor else 0,
            introspection=name in _INTROSPECTION,
        )
        if node.selection_set is None:
            return own
        inner = get_named_type(definition.type) if definition is not None else None
        return own + self.selections(node.selection_set, inner).deeper(1)

    def fragment(self, name: str) -> Cost:
        if name in self.measured:
            return self.measured[name]
        fragment = self.fragments.get(name)
        if fragment is None or name in self.measuring:
            return Cost()  # unknown or cyclic: graphql-core's validation words the error
        self.measuring.add(name)
        scope = self.schema.get_type(fragment.type_condition.name.value)
        cost = self.selections(fragment.selection_set, scope)
        self.measuring.discard(name)
        self.measured[name] = cost
        return cost


_COSTS: OrderedDict[str, Cost] = OrderedDict()


def _cost_of(schema: GraphQLSchema, text: str, document: DocumentNode) -> Cost:
    cost = _COSTS.get(text)
    if cost is None:
        cost = measure(schema, document)
        _COSTS[text] = cost
        if len(_COSTS) > _CACHE_SIZE:
            _COSTS.popitem(last=False)
    else:
        _COSTS.move_to_end(text)
    return cost


def _may_introspect(context: object) -> bool:
    """Staff may introspect anywhere; anyone may on the embedded default."""
    from .context import Context  # the context module imports the app state, built later

    if not isinstance(context, Context):
        return False
    return isinstance(context.viewer, Staff) or context.state.settings.embedded


class DocumentLimits(ValidationCache):
    """Refuse a document past the limits (see the module docstring), else validate it,
    through strawberry's validation cache."""

    def on_operation(self) -> Iterator[None]:
        self.execution_context.parse_options["max_tokens"] = MAX_TOKENS
        yield

    def on_validate(self) -> Iterator[None]:
        execution = self.execution_context
        document = execution.graphql_document
        assert document is not None and execution.query is not None
        cost = _cost_of(execution.schema._schema, execution.query, document)
        errors = refusals(cost)
        if cost.introspection and not _may_introspect(execution.context):
            errors.append(
                GraphQLError(
                    "Introspection needs a staff token; the schema is published as SDL.",
                    extensions={"code": "INTROSPECTION_DISABLED"},
                )
            )
        if errors:
            execution.pre_execution_errors = errors
            yield
            return
        yield from super().on_validate()
