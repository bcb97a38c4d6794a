using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Data;
using ZohoCrm.Emulator.Writes;

namespace ZohoCrm.Emulator.Conversion;

/// <summary>
/// Converts a lead (fact sheet §5): links or creates the account (from Company) and the contact, creates the
/// deal when one is given, carries tags over and marks the lead converted. Everything is checked before the
/// first record is written, so a failed conversion changes nothing.
/// </summary>
internal sealed class LeadConverter
{
    private readonly CrmStore _store;
    private readonly EmulatorOptions _options;

    public LeadConverter(CrmStore store, EmulatorOptions options)
    {
        _store = store;
        _options = options;
    }

    /// <summary>The success details {Contacts, Deals, Accounts}, or the per-record error.</summary>
    public JsonObject? Convert(long leadId, ConvertRequest request, out RecordError? error)
    {
        error = null;
        var leads = _store.Records("Leads")!;
        var contacts = _store.Records("Contacts")!;
        var accounts = _store.Records("Accounts")!;
        Dictionary<string, object?> contactValues, accountValues;
        CrmUser owner;
        lock (leads.Gate)
        {
            var lead = leads.Find(leadId)!;
            contactValues = LeadConversionMap.Values(leads, lead, contacts.Module, LeadConversionMap.Contacts);
            accountValues = LeadConversionMap.Values(leads, lead, accounts.Module, LeadConversionMap.Accounts);
            owner = request.AssignTo ??
                    (leads.GetValue(lead, "Owner") is LookupValue o && _store.Users.Find(o.Id) is { CanOwnRecords: true } leadOwner ? leadOwner : _store.Users.Current);
        }

        var accountId = request.AccountId ?? (accountValues.ContainsKey("Account_Name") ? Existing(accounts, "Account_Name", accountValues) : null);
        var contactId = request.ContactId ?? Existing(contacts, "Email", contactValues);
        if (!_options.ConvertLinksExistingDuplicates && ((request.AccountId is null && accountId is not null) || (request.ContactId is null && contactId is not null)))
        {
            var (set, field, id) = request.ContactId is null && contactId is not null ? (contacts, "Email", contactId.Value) : (accounts, "Account_Name", accountId!.Value);
            error = RecordError.Duplicate(field, "$.data[0]", id, OwnerOf(set, id), set.Module);
            return null;
        }

        var by = _store.Users.Current;
        if (accountId is { } linkedAccount)
        {
            if (request.Overwrite && request.AccountId is not null)
            {
                _store.TryUpdate("Accounts", linkedAccount, accountValues, by, enforceUnique: false, out _);
            }
        }
        else if (accountValues.ContainsKey("Account_Name"))
        {
            accountValues["Owner"] = owner.AsOwner();
            _store.TryInsert("Accounts", accountValues, by, enforceUnique: false, out var newAccount);
            accountId = newAccount;
        }

        if (accountId is { } account)
        {
            contactValues["Account_Name"] = Lookup(accounts, account);
        }

        if (contactId is { } linkedContact)
        {
            if (request.Overwrite && request.ContactId is not null)
            {
                _store.TryUpdate("Contacts", linkedContact, contactValues, by, enforceUnique: false, out _);
            }
        }
        else
        {
            contactValues["Owner"] = owner.AsOwner();
            _store.TryInsert("Contacts", contactValues, by, enforceUnique: false, out var newContact);
            contactId = newContact;
        }

        long? dealId = null;
        if (request.Deal is { } deal)
        {
            deal.TryAdd("Owner", owner.AsOwner());
            deal.TryAdd("Contact_Name", Lookup(contacts, contactId.Value));
            if (accountId is { } dealAccount)
            {
                deal.TryAdd("Account_Name", Lookup(accounts, dealAccount));
            }

            if (!deal.ContainsKey("Lead_Source") && contactValues.TryGetValue("Lead_Source", out var source))
            {
                deal["Lead_Source"] = source;
            }

            _store.TryInsert("Deals", deal, by, enforceUnique: false, out var newDeal);
            dealId = newDeal;
        }

        CarryOverTags(request, accountId, contactId.Value, dealId);
        _store.MarkConverted("Leads", leadId, by);

        var details = new JsonObject { ["Contacts"] = Named(contacts, contactId.Value) };
        AddOptional(details, "Deals", dealId is { } d ? Named(_store.Records("Deals")!, d) : null);
        AddOptional(details, "Accounts", accountId is { } a ? Named(accounts, a) : null);
        return details;
    }

    private void AddOptional(JsonObject details, string key, JsonObject? value)
    {
        if (value is not null || _options.ConvertAbsentEntityAsNull)
        {
            details[key] = value;
        }
    }

    /// <summary>A record whose field already holds the lead's value (the contact by e-mail, the account by name).</summary>
    private static long? Existing(ModuleRecordSet set, string field, Dictionary<string, object?> values)
    {
        if (!values.TryGetValue(field, out var value))
        {
            return null;
        }

        lock (set.Gate)
        {
            return set.FindByValue(set.Module.Field(field)!, value);
        }
    }

    private void CarryOverTags(ConvertRequest request, long? accountId, long contactId, long? dealId)
    {
        foreach (var (module, names) in request.CarryOverTags)
        {
            var id = module switch { "Contacts" => contactId, "Accounts" => accountId, _ => dealId };
            var catalog = _store.Catalog.Find(module)!.Tags;
            var tags = catalog.Where(t => names.Contains(t.Name, StringComparer.OrdinalIgnoreCase)).ToArray();
            if (id is { } target && tags.Length > 0)
            {
                _store.TryUpdate(module, target, new Dictionary<string, object?> { ["Tag"] = tags }, _store.Users.Current, enforceUnique: false, out _);
            }
        }
    }

    private static LookupValue Lookup(ModuleRecordSet set, long id)
    {
        lock (set.Gate)
        {
            return new LookupValue(id, set.Find(id) is { } record ? set.DisplayName(record) : string.Empty);
        }
    }

    private static JsonObject Named(ModuleRecordSet set, long id)
    {
        var lookup = Lookup(set, id);
        return new JsonObject { ["name"] = lookup.Name, ["id"] = ZohoIds.Format(id) };
    }

    private static LookupValue? OwnerOf(ModuleRecordSet set, long id)
    {
        lock (set.Gate)
        {
            return set.Find(id) is { } record ? set.GetValue(record, "Owner") as LookupValue : null;
        }
    }
}
