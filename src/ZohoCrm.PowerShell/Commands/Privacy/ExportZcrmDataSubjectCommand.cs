using System.Management.Automation;
using ZohoCrm.Core.Privacy;

namespace ZohoCrm.PowerShell.Commands.Privacy
{
    /// <summary>Writes an access package per subject: every record found with all its fields, notes, attachments and a manifest.</summary>
    [Cmdlet(VerbsData.Export, "ZcrmDataSubject")]
    [OutputType("ZohoCrm.DataSubjectPackage")]
    public sealed class ExportZcrmDataSubjectCommand : ZcrmDataSubjectCmdlet
    {
        /// <summary>The folder that receives one package folder per subject (created when missing).</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>Also download the attachment files (links are listed only).</summary>
        [Parameter]
        public SwitchParameter IncludeAttachments { get; set; }

        /// <summary>Search every module of the org that has an email field, not only Contacts, Leads and Cases.</summary>
        [Parameter]
        public SwitchParameter AllModules { get; set; }

        protected override void ProcessRecord()
        {
            var root = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
            ForEachSubject(async (email, budget, log, ct) =>
            {
                var finder = Finder;
                var query = Query(null, true, AllModules);
                var searched = await finder.SearchedModulesAsync(query, budget, log, ct).ConfigureAwait(false);
                var found = await finder.FindAsync(email, query, budget, log, ct).ConfigureAwait(false);
                var package = await new DataSubjectExporter(Session.Connection.Attachments)
                    .WriteAsync(root, email, searched, found, IncludeAttachments, budget, () => CreditsUsed, log, ct).ConfigureAwait(false);
                var item = new PSObject();
                item.TypeNames.Insert(0, "ZohoCrm.DataSubjectPackage");
                item.Properties.Add(new PSNoteProperty("SubjectEmail", package.SubjectEmail));
                item.Properties.Add(new PSNoteProperty("Path", package.Folder));
                item.Properties.Add(new PSNoteProperty("Records", package.RecordCount));
                item.Properties.Add(new PSNoteProperty("Files", package.Files));
                item.Properties.Add(new PSNoteProperty("CreditsUsed", package.CreditsUsed));
                var counts = new System.Collections.Specialized.OrderedDictionary();
                foreach (var pair in package.Counts) counts[pair.Key] = pair.Value;
                item.Properties.Add(new PSNoteProperty("Counts", counts));
                Emit(item);
            });
        }
    }
}
