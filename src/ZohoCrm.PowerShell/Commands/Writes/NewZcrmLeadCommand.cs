using System;
using System.Collections.Generic;
using System.Collections;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using ZohoCrm.Core.Records;
using ZohoCrm.PowerShell.Cmdlets;
using ZohoCrm.PowerShell.Completers;
using ZohoCrm.PowerShell.Input;
using ZohoCrm.PowerShell.Output;

namespace ZohoCrm.PowerShell.Commands.Writes
{
    /// <summary>
    /// Creates leads from typed parameters, bound from the pipeline by property name under the usual CSV header
    /// spellings ("Last Name", "LastName", "Last_Name"), 100 per call; -DuplicateCheckField Email upserts.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "ZcrmLead", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ZcrmWriteResult))]
    public sealed class NewZcrmLeadCommand : ZcrmCreateCmdlet
    {
        private const string Module = "Leads";

        /// <summary>Mandatory for Zoho; an empty value reaches Zoho and comes back as that row's MANDATORY_NOT_FOUND error.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [AllowNull]
        [Alias("Last Name", "Last_Name", "Surname")]
        public string LastName { get; set; } = string.Empty;

        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("First Name", "First_Name", "GivenName")]
        public string? FirstName { get; set; }

        [Parameter(Position = 2, ValueFromPipelineByPropertyName = true)]
        [Alias("Company Name", "Company_Name", "Organization", "Organisation")]
        public string? Company { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("E-mail", "Email Address", "EmailAddress", "Email_Address")]
        public string? Email { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Phone Number", "PhoneNumber", "Telephone")]
        public string? Phone { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Mobile Phone", "MobilePhone", "Mobile_Phone", "Cell")]
        public string? Mobile { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Salutation { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Designation", "Job Title", "JobTitle")]
        public string? Title { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Web Site", "URL")]
        public string? Website { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Lead Source", "Lead_Source")]
        public string? LeadSource { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Lead Status", "Lead_Status")]
        public string? LeadStatus { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Industry { get; set; }

        /// <summary>A number (a CSV string such as "250000" is converted).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Annual Revenue", "Annual_Revenue")]
        public object? AnnualRevenue { get; set; }

        /// <summary>A whole number (a CSV string such as "50" is converted).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("No. of Employees", "No_of_Employees", "Employees", "NumberOfEmployees")]
        public object? NoOfEmployees { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Rating { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Street { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? City { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Province", "Region")]
        public string? State { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Zip Code", "Zip_Code", "Zip", "PostalCode", "Postal Code")]
        public string? ZipCode { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Country { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Description { get; set; }

        /// <summary>
        /// The user who owns the lead (default: the connected user): a user object (Get-ZcrmUser), an id, or an email or
        /// full name (looked up once per connection; Tab completes active users).
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Lead Owner", "Lead_Owner", "OwnerId", "Owner Id")]
        [ArgumentCompleter(typeof(UserCompleter))]
        public object? Owner { get; set; }

        /// <summary>True or false (CSV strings such as "yes" and "false" are converted).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Email Opt Out", "Email_Opt_Out")]
        public object? EmailOptOut { get; set; }

        /// <summary>Any other fields, by API name or label: @{ Custom_Field__c = 'x'; Campaign_Source = @{ id = '…' } }.</summary>
        [Parameter]
        public Hashtable? Property { get; set; }

        /// <summary>The piped row, kept as the TargetObject of its error if it fails.</summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        private static readonly Lazy<HashSet<string>> BindableNames = new Lazy<HashSet<string>>(() =>
        {
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in typeof(NewZcrmLeadCommand).GetProperties())
            {
                if (!property.GetCustomAttributes(typeof(ParameterAttribute), false).Cast<ParameterAttribute>().Any(p => p.ValueFromPipelineByPropertyName)) continue;
                names.Add(property.Name);
                foreach (AliasAttribute alias in property.GetCustomAttributes(typeof(AliasAttribute), false)) foreach (var a in alias.AliasNames) names.Add(a);
            }
            return names;
        });

        private readonly HashSet<string> _warnedColumns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>A CSV column that binds to no parameter would be dropped without a word; say so once per column.</summary>
        private void WarnAboutUnboundColumns()
        {
            if (InputObject == null || InputObject.BaseObject is IDictionary) return;
            foreach (var property in InputObject.Properties)
            {
                if (BindableNames.Value.Contains(property.Name) || !_warnedColumns.Add(property.Name)) continue;
                WriteWarning($"The column '{property.Name}' matches no New-ZcrmLead parameter, so it is not sent. Pass it with -Property, or use New-ZcrmRecord -Module Leads, which takes any field by API name or label.");
            }
        }

        private static PSObject AsRow(List<KeyValuePair<string, object?>> values)
        {
            var row = new PSObject();
            foreach (var pair in values.Where(v => v.Value != null)) row.Properties.Add(new PSNoteProperty(pair.Key, pair.Value));
            return row;
        }

        protected override void ProcessRecord()
        {
            var values = new List<KeyValuePair<string, object?>>
            {
                new KeyValuePair<string, object?>("Last_Name", LastName),
                new KeyValuePair<string, object?>("First_Name", FirstName),
                new KeyValuePair<string, object?>("Company", Company),
                new KeyValuePair<string, object?>("Email", Email),
                new KeyValuePair<string, object?>("Phone", Phone),
                new KeyValuePair<string, object?>("Mobile", Mobile),
                new KeyValuePair<string, object?>("Salutation", Salutation),
                new KeyValuePair<string, object?>("Designation", Title),
                new KeyValuePair<string, object?>("Website", Website),
                new KeyValuePair<string, object?>("Lead_Source", LeadSource),
                new KeyValuePair<string, object?>("Lead_Status", LeadStatus),
                new KeyValuePair<string, object?>("Industry", Industry),
                new KeyValuePair<string, object?>("Annual_Revenue", InputValues.Plain(AnnualRevenue)),
                new KeyValuePair<string, object?>("No_of_Employees", InputValues.Plain(NoOfEmployees)),
                new KeyValuePair<string, object?>("Rating", Rating),
                new KeyValuePair<string, object?>("Street", Street),
                new KeyValuePair<string, object?>("City", City),
                new KeyValuePair<string, object?>("State", State),
                new KeyValuePair<string, object?>("Zip_Code", ZipCode),
                new KeyValuePair<string, object?>("Country", Country),
                new KeyValuePair<string, object?>("Description", Description),
                new KeyValuePair<string, object?>("Owner", ResolveOwner(out var ownerProblem)),
                new KeyValuePair<string, object?>("Email_Opt_Out", InputValues.Plain(EmailOptOut)),
            };
            if (Property != null)
                foreach (DictionaryEntry entry in Property)
                    values.Add(new KeyValuePair<string, object?>(System.Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty, InputValues.Plain(entry.Value)));

            if (Map != null && InputObject != null)
            {
                // With a field map the piped row's own columns are what is mapped (not the parameters they bound to).
                values = InputValues.Of(InputObject).ToList();
            }
            else WarnAboutUnboundColumns();
            // Called with parameters rather than piped, the row is rebuilt as an object New-ZcrmLead can take back.
            QueueCreate(Module, (object?)InputObject ?? AsRow(values), values, ownerProblem);
        }

        /// <summary>The owner's user id; an email or name is looked up (not under -WhatIf, which sends nothing).</summary>
        private object? ResolveOwner(out Core.Records.RecordWriteResult? problem)
        {
            problem = null;
            var id = OwnerValues.DirectId(Owner, out var lookup);
            if (lookup == null || WhatIfRequested()) return id ?? lookup;
            string? resolved = null;
            Core.Errors.ZcrmUsageException? failure = null;
            Run(async (log, ct) =>
            {
                try { resolved = await Session.Connection.Users.ResolveIdAsync(lookup, log, ct).ConfigureAwait(false); }
                catch (Core.Errors.ZcrmUsageException ex) { failure = ex; }
            }, lookup);
            if (failure != null) problem = OwnerValues.Unresolved(failure);
            return resolved ?? lookup;
        }
    }
}
