namespace ZohoCrm.Core.Org
{
    /// <summary>Zoho ids as text: digits only, 1 to 19 of them (64-bit numbers sent as strings).</summary>
    public static class ZohoId
    {
        public static bool IsValid(string? id)
        {
            if (string.IsNullOrEmpty(id) || id!.Length > 19) return false;
            foreach (var c in id) if (c < '0' || c > '9') return false;
            return true;
        }
    }
}
