namespace ZohoCrm.Emulator.Data.Seeding;

/// <summary>Word lists the seeded records are made of.</summary>
internal static class SampleData
{
    public static readonly string[] FirstNames =
    [
        "Kenji", "Maria", "James", "Priya", "Olivia", "Arjun", "Sofia", "Liam", "Aiko", "Noah", "Fatima", "Lucas",
        "Chen", "Emma", "Ravi", "Isabella", "Mateo", "Ananya", "Ethan", "Yuki", "Amara", "Oliver", "Leila", "Daniel",
        "Mei", "Samuel", "Zara", "Gabriel", "Nadia", "Henry", "Ines", "Victor", "Hana", "Omar", "Clara", "Felix",
        "Divya", "Hugo", "Sakura", "Tariq", "Elena", "Jonas", "Kavya", "Marco", "Lena", "Pedro", "Asha", "Ryan",
    ];

    public static readonly string[] LastNames =
    [
        "Nakamura", "Garcia", "Smith", "Sharma", "Johnson", "Patel", "Rossi", "Brown", "Tanaka", "Miller", "Khan",
        "Silva", "Wang", "Davis", "Iyer", "Martinez", "Lopez", "Reddy", "Wilson", "Sato", "Okafor", "Taylor", "Haddad",
        "Anderson", "Li", "Thomas", "Ahmed", "Moreau", "Petrova", "Clark", "Fernandes", "Novak", "Kim", "Hassan",
        "Schneider", "Fischer", "Menon", "Dubois", "Yamamoto", "Malik", "Ivanova", "Weber", "Nair", "Bianchi",
        "Wagner", "Costa", "Pillai", "Murphy",
    ];

    public static readonly string[] CompanyWords =
    [
        "Zylker", "Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Wonka", "Tyrell", "Cyberdyne", "Soylent",
        "Hooli", "Vandelay", "Pied Piper", "Massive Dynamic", "Aperture", "Gringotts", "Oscorp", "Nakatomi", "Dunder",
        "Sterling", "Bluth", "Prestige", "Monarch", "Vehement", "Sirius", "Ollivander", "Gekko", "Krusty", "Duff",
        "Buy n Large", "Virtucon", "Nimbus", "Octan", "Rekall", "Tessier", "Yoyodyne", "Kaiju", "Quartz", "Lumen",
    ];

    public static readonly string[] CompanySuffixes = ["Inc", "Ltd", "Corp", "Group", "Systems", "Labs", "Traders", "Industries", "Partners", "Solutions"];

    public static readonly string[] Titles =
    [
        "CEO", "CTO", "VP Sales", "Sales Manager", "Purchasing Manager", "IT Director", "Operations Head",
        "Marketing Lead", "Procurement Officer", "Founder", "Head of Finance", "Project Manager",
    ];

    public static readonly string[] Departments = ["Sales", "Marketing", "Finance", "IT", "Operations", "Procurement", "Support"];

    public static readonly (string City, string State, string Country, string ZipPrefix)[] Places =
    [
        ("Chennai", "Tamil Nadu", "India", "600"), ("Mumbai", "Maharashtra", "India", "400"), ("Bengaluru", "Karnataka", "India", "560"),
        ("Austin", "Texas", "United States", "787"), ("Seattle", "Washington", "United States", "981"), ("Boston", "Massachusetts", "United States", "021"),
        ("London", "England", "United Kingdom", "EC1"), ("Berlin", "Berlin", "Germany", "101"), ("Tokyo", "Tokyo", "Japan", "100"),
        ("Sydney", "New South Wales", "Australia", "200"), ("Toronto", "Ontario", "Canada", "M5H"), ("Dubai", "Dubai", "United Arab Emirates", "000"),
    ];

    public static readonly string[] Streets = ["Main Street", "Park Avenue", "Anna Salai", "MG Road", "King Street", "Market Road", "Lake View", "Station Road", "High Street", "Harbour Drive"];

    public static readonly string[] Descriptions =
    [
        "Met at the annual trade show; interested in a pilot.",
        "Asked for pricing for 50 seats.",
        "Evaluating us against two competitors.",
        "Referred by an existing customer.",
        "Needs integration with their ERP.",
        "Budget approved for next quarter.",
    ];

    public static readonly string[] DealKinds = ["Renewal", "Expansion", "New Licences", "Implementation", "Support Contract", "Pilot"];

    public static readonly string[] NextSteps = ["Send proposal", "Schedule demo", "Negotiate terms", "Get sign-off", "Follow up call"];
}
