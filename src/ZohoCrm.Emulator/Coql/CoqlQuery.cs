using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Data;

namespace ZohoCrm.Emulator.Coql;

internal abstract record CoqlFilter;

internal sealed record CoqlAndOr(string Operator, CoqlFilter Left, CoqlFilter Right) : CoqlFilter;

/// <summary>A comparison with its literal(s) typed for the column (string, long, double, bool, DateOnly, DateTimeOffset).</summary>
internal sealed record CoqlTest(CoqlColumn Column, string Operator, IReadOnlyList<object> Values) : CoqlFilter;

internal sealed record CoqlOutput(CoqlColumn Column, string Key);

/// <summary>
/// A query checked against the module: every column resolved, every literal typed for its column, every
/// operator allowed for the column's type, and the limits of fact sheet §4.2 applied.
/// </summary>
internal sealed class CoqlQuery
{
    private CoqlQuery(ModuleDefinition module, List<CoqlOutput> select, CoqlFilter? where, List<(CoqlColumn Column, bool Descending)> order, int limit, int offset)
    {
        Module = module;
        Select = select;
        Where = where;
        OrderBy = order;
        Limit = limit;
        Offset = offset;
    }

    public ModuleDefinition Module { get; }

    public IReadOnlyList<CoqlOutput> Select { get; }

    public CoqlFilter? Where { get; }

    public IReadOnlyList<(CoqlColumn Column, bool Descending)> OrderBy { get; }

    public int Limit { get; }

    public int Offset { get; }

    /// <summary>Checks a parsed query; throws <see cref="CoqlException"/>.</summary>
    public static CoqlQuery Bind(CoqlSyntaxTree tree, CrmStore store, EmulatorOptions options)
    {
        var module = store.Catalog.Find(tree.Module.Text) ?? throw new CoqlException(
            CoqlErrors.Invalid(CoqlErrors.QueryInvalid, tree.Module.Text, $"no module {tree.Module.Text} (module names are case-sensitive)", new JsonObject { ["module"] = tree.Module.Text }));

        if (tree.Select.Count > options.CoqlMaxSelectFields)
        {
            throw new CoqlException(CoqlErrors.Limit("select", options.CoqlMaxSelectFields, $"at most {options.CoqlMaxSelectFields} fields can be selected"));
        }

        var select = new List<CoqlOutput>();
        foreach (var item in tree.Select)
        {
            var column = Resolve(store, module, item.Column);
            if (select.Any(s => s.Column.Text == column.Text))
            {
                throw new CoqlException(new Api.ZohoError(400, "DUPLICATE_DATA", "duplicate data", new JsonObject { ["column_name"] = column.Text }));
            }

            var key = item.Alias ?? column.Text;
            if (item.Alias is not null && select.Any(s => s.Key == key))
            {
                throw new CoqlException(new Api.ZohoError(400, "DUPLICATE_ALIAS", "duplicate alias", new JsonObject { ["alias"] = key }));
            }

            select.Add(new CoqlOutput(column, key));
        }

        CoqlFilter? where = null;
        if (tree.Where is { } expression)
        {
            if (expression.ConditionCount > options.CoqlMaxConditions)
            {
                throw new CoqlException(CoqlErrors.Limit("where", options.CoqlMaxConditions, $"at most {options.CoqlMaxConditions} conditions are allowed"));
            }

            where = BindFilter(expression, store, module, options);
        }

        if (tree.OrderBy.Count > options.CoqlMaxOrderBy)
        {
            throw new CoqlException(CoqlErrors.Limit("order by", options.CoqlMaxOrderBy, $"at most {options.CoqlMaxOrderBy} fields can be ordered by"));
        }

        var order = tree.OrderBy.Select(o => (Resolve(store, module, o.Column), o.Descending)).ToList();
        var limit = tree.Limit ?? options.CoqlDefaultLimit;
        var offset = tree.Offset ?? 0;
        if (limit < 1)
        {
            throw new CoqlException(CoqlErrors.Invalid(CoqlErrors.QueryInvalid, "limit", "LIMIT must be at least 1"));
        }

        if (limit > options.CoqlMaxLimit)
        {
            throw new CoqlException(CoqlErrors.Limit("limit", options.CoqlMaxLimit, $"LIMIT can be at most {options.CoqlMaxLimit}"));
        }

        if ((long)offset + limit > options.CoqlOffsetWindow)
        {
            throw new CoqlException(CoqlErrors.Limit("offset", options.CoqlOffsetWindow, $"OFFSET + LIMIT can reach at most row {options.CoqlOffsetWindow}; page on id beyond it"));
        }

        return new CoqlQuery(module, select, where, order, limit, offset);
    }

    private static CoqlColumn Resolve(CrmStore store, ModuleDefinition module, CoqlColumnRef reference) =>
        CoqlColumn.Resolve(store, module, reference.Path, out var reason) ??
        throw new CoqlException(CoqlErrors.Invalid(CoqlErrors.ColumnInvalid, reference.Text, reason!));

    private static CoqlFilter BindFilter(CoqlExpr expression, CrmStore store, ModuleDefinition module, EmulatorOptions options)
    {
        if (expression is CoqlLogical logical)
        {
            return new CoqlAndOr(logical.Operator, BindFilter(logical.Left, store, module, options), BindFilter(logical.Right, store, module, options));
        }

        var comparison = (CoqlComparison)expression;
        var column = Resolve(store, module, comparison.Column);
        var type = column.Type;
        if (type is FieldDataType.TextArea or FieldDataType.Tags)
        {
            throw new CoqlException(CoqlErrors.Invalid(CoqlErrors.TypeNotSupported, column.Text, $"{type.DataType()} fields cannot be used in WHERE", new JsonObject { ["data_type"] = type.DataType() }));
        }

        var op = comparison.Operator;
        if (!CoqlOperators.For(type).Contains(op))
        {
            throw new CoqlException(CoqlErrors.Invalid(CoqlErrors.QueryInvalid, column.Text,
                $"'{op}' cannot be used with {type.DataType()} fields; use one of {string.Join(", ", CoqlOperators.For(type))}", new JsonObject { ["operator"] = op }));
        }

        if (op is "in" or "not in" && comparison.Values.Count > options.CoqlMaxInValues)
        {
            throw new CoqlException(CoqlErrors.Limit("where", options.CoqlMaxInValues, $"IN takes at most {options.CoqlMaxInValues} values"));
        }

        var values = comparison.Values.Select(v => CoqlOperators.Literal(column, op, v) ?? throw new CoqlException(CoqlErrors.Invalid(
            CoqlErrors.ValueInvalid,
            column.Text,
            $"{v.Near} is not a valid {(op.EndsWith("like", StringComparison.Ordinal) ? "pattern" : type.DataType() + " value")}",
            new JsonObject { ["expected_data_type"] = type.DataType() }))).ToList();
        return new CoqlTest(column, op, values);
    }

    /// <summary>The rows of one call: matching records in ORDER BY (then id) order, cut to OFFSET and LIMIT; more is true when rows follow.</summary>
    public (List<CrmRecord> Rows, bool More) Run(ModuleRecordSet set, bool includeConverted)
    {
        var matches = new List<CrmRecord>();
        var needed = OrderBy.Count == 0 ? (long)Offset + Limit + 1 : long.MaxValue;
        foreach (var record in set.ById)
        {
            if (!includeConverted && Module.SupportsConversion && record.Converted)
            {
                continue;
            }

            if (Where is null || CoqlOperators.Matches(Where, set, record))
            {
                matches.Add(record);
                if (matches.Count >= needed)
                {
                    break;
                }
            }
        }

        if (OrderBy.Count > 0)
        {
            var keys = matches.ToDictionary(r => r.Id, r => OrderBy.Select(o => CoqlColumn.Comparable(o.Column.ValueOf(set, r))).ToArray());
            matches.Sort((a, b) =>
            {
                for (var i = 0; i < OrderBy.Count; i++)
                {
                    var c = CoqlOperators.Order(keys[a.Id][i], keys[b.Id][i]);
                    if (c != 0)
                    {
                        return OrderBy[i].Descending ? -c : c;
                    }
                }

                return a.Id.CompareTo(b.Id);
            });
        }

        var rows = matches.Skip(Offset).Take(Limit).ToList();
        return (rows, matches.Count > Offset + Limit);
    }

    /// <summary>Credits by LIMIT (§8.1): 1 up to 200, 2 up to 1,000, 3 beyond.</summary>
    public int Credits => Limit <= 200 ? 1 : Limit <= 1000 ? 2 : 3;
}
