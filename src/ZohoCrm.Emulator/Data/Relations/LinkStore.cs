namespace ZohoCrm.Emulator.Data.Relations;

/// <summary>The many-to-many links (Campaigns ↔ Contacts …) with their relation fields (Member_Status, list_price).</summary>
internal sealed class LinkStore
{
    private readonly object _gate = new();
    private readonly Dictionary<(string Pair, long First, long Second), Dictionary<string, object?>> _links = new();

    private static (string, long, long) Key(Relation relation, long parentId, long relatedId) =>
        relation.ParentIsFirst ? (relation.PairKey, parentId, relatedId) : (relation.PairKey, relatedId, parentId);

    /// <summary>Links (or relinks, replacing the relation fields) a record to a parent.</summary>
    public void Link(Relation relation, long parentId, long relatedId, IReadOnlyDictionary<string, object?> fields)
    {
        lock (_gate)
        {
            _links[Key(relation, parentId, relatedId)] = new Dictionary<string, object?>(fields, StringComparer.Ordinal);
        }
    }

    public bool Unlink(Relation relation, long parentId, long relatedId)
    {
        lock (_gate)
        {
            return _links.Remove(Key(relation, parentId, relatedId));
        }
    }

    /// <summary>The ids linked to a parent, ascending, with their relation fields.</summary>
    public IReadOnlyList<(long Id, IReadOnlyDictionary<string, object?> Fields)> Linked(Relation relation, long parentId)
    {
        lock (_gate)
        {
            return _links
                .Where(l => l.Key.Pair == relation.PairKey && (relation.ParentIsFirst ? l.Key.First : l.Key.Second) == parentId)
                .Select(l => (relation.ParentIsFirst ? l.Key.Second : l.Key.First, (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>(l.Value)))
                .OrderBy(l => l.Item1)
                .ToList();
        }
    }
}
