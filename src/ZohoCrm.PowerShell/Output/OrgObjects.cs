using System.Collections.Generic;
using System.Management.Automation;
using ZohoCrm.Core.Records;

namespace ZohoCrm.PowerShell.Output
{
    /// <summary>
    /// Users, roles, profiles, layouts, custom views and related lists as pipeline objects: records of their kind (Zoho's
    /// key names as properties), with a plain type name (ZohoCrm.CustomView…) first for the views and types files.
    /// </summary>
    internal static class OrgObjects
    {
        public const string User = "ZohoCrm.User";
        public const string Role = "ZohoCrm.Role";
        public const string Profile = "ZohoCrm.Profile";
        public const string Layout = "ZohoCrm.Layout";
        public const string CustomView = "ZohoCrm.CustomView";
        public const string RelatedList = "ZohoCrm.RelatedList";

        public static PSObject ToObject(ZohoRecord item, string typeName, ref RecordShape? shape)
        {
            var wrapped = RecordObjects.ToRecordObject(item, ref shape, typeName);
            if (!wrapped.TypeNames.Contains(typeName)) wrapped.TypeNames.Insert(0, typeName);
            return wrapped;
        }

        public static object[] ToObjects(IReadOnlyList<ZohoRecord> items, string typeName)
        {
            RecordShape? shape = null;
            var objects = new object[items.Count];
            for (var i = 0; i < objects.Length; i++) objects[i] = ToObject(items[i], typeName, ref shape);
            return objects;
        }
    }
}
