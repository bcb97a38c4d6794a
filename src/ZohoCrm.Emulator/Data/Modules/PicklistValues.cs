namespace ZohoCrm.Emulator.Data.Modules;

/// <summary>Standard Zoho CRM picklist values.</summary>
internal static class PicklistValues
{
    public static readonly string[] Salutation = ["-None-", "Mr.", "Mrs.", "Ms.", "Dr.", "Prof."];

    public static readonly string[] LeadSource =
    [
        "-None-", "Advertisement", "Cold Call", "Employee Referral", "External Referral", "Online Store", "Partner",
        "Public Relations", "Sales Email Alias", "Seminar Partner", "Internal Seminar", "Trade Show", "Web Download",
        "Web Research", "Chat",
    ];

    public static readonly string[] LeadStatus =
    [
        "-None-", "Attempted to Contact", "Contact in Future", "Contacted", "Junk Lead", "Lost Lead", "Not Contacted",
        "Pre-Qualified", "Not Qualified",
    ];

    public static readonly string[] Industry =
    [
        "-None-", "ASP (Application Service Provider)", "Data/Telecom OEM", "ERP (Enterprise Resource Planning)",
        "Government/Military", "Large Enterprise", "ManagementISV", "MSP (Management Service Provider)",
        "Network Equipment Enterprise", "Non-management ISV", "Optical Networking", "Service Provider",
        "Small/Medium Enterprise", "Storage Equipment", "Storage Service Provider", "Systems Integrator",
        "Wireless Industry", "Communications", "Technology", "Manufacturing",
    ];

    public static readonly string[] Rating = ["-None-", "Acquired", "Active", "Market Failed", "Project Cancelled", "Shut Down"];

    public static readonly string[] ProductInterest = ["CRM", "Desk", "Books", "Analytics", "Campaigns", "Projects"];

    public static readonly string[] AccountType =
    [
        "-None-", "Analyst", "Competitor", "Customer", "Distributor", "Integrator", "Investor", "Other", "Partner",
        "Press", "Prospect", "Reseller", "Supplier", "Vendor",
    ];

    public static readonly string[] Ownership = ["-None-", "Other", "Private", "Public", "Subsidiary", "Partnership", "Government", "Privately Held", "Public Company"];

    public static readonly string[] Stage =
    [
        "Qualification", "Needs Analysis", "Value Proposition", "Identify Decision Makers", "Proposal/Price Quote",
        "Negotiation/Review", "Closed Won", "Closed Lost", "Closed Lost to Competition",
    ];

    /// <summary>Probability (%) that goes with each <see cref="Stage"/>.</summary>
    public static readonly int[] StageProbability = [10, 20, 40, 60, 75, 90, 100, 0, 0];

    public static readonly string[] Pipeline = ["Standard"];

    public static readonly string[] DealType = ["-None-", "Existing Business", "New Business"];

    public static readonly string[] TaskStatus = ["Not Started", "Deferred", "In Progress", "Completed", "Waiting for input"];

    public static readonly string[] Priority = ["High", "Highest", "Low", "Lowest", "Normal"];

    public static readonly string[] CallType = ["Outbound", "Inbound", "Missed"];

    public static readonly string[] CampaignType = ["-None-", "Conference", "Webinar", "Trade Show", "Public Relations", "Partners", "Referral Program", "Advertisement", "Banner Ads", "Direct mail", "Email", "Telemarketing", "Others"];

    public static readonly string[] CampaignStatus = ["-None-", "Planning", "Active", "Inactive", "Complete"];

    public static readonly string[] CaseStatus = ["New", "On Hold", "Escalated", "Closed"];

    public static readonly string[] CaseOrigin = ["Email", "Phone", "Web"];

    public static readonly string[] SolutionStatus = ["Draft", "Reviewed", "Published"];
}
