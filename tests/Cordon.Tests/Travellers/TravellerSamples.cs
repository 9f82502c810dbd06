using System.Text;
using Cordon.Travellers;

namespace Cordon.Tests.Travellers;

/// <summary>Lists, zones and lost/stolen files the traveller-check tests share.</summary>
internal static class TravellerSamples
{
    public const string StolenList = """
        number,issuing_state,type,status,reported
        X4471920,NLD,P,stolen,2026-09-14
        K0082213,UTO,P,lost,2026-05-02
        CD91044,BEL,ID,revoked,
        """;

    /// <summary>The card hash key of the tests' installation (fixed, so a stored hash can be worked out).</summary>
    public static readonly CardHashKey Cards = new([.. Enumerable.Repeat((byte)7, 32)]);

    public static MemoryStream Csv(string text) => new(Encoding.UTF8.GetBytes(text));

    public static ManifestInput Flight(string transport, DateTime departure, params TravellerInput[] travellers) => new()
    {
        Carrier = "KL", Transport = transport, Mode = "air", List = "passengers", Departure = "JFK", DepartureTime = departure, Arrival = "AMS",
        ArrivalTime = departure.AddHours(7), MessageReference = $"{transport}-{departure:yyyyMMdd}-1", Travellers = [.. travellers],
    };

    public static TravellerInput Person(string surname, string given, string nationality, DateOnly born, string document, string issuer, DateOnly? expiry = null) => new()
    {
        Role = "passenger", Surname = surname, GivenNames = given, Nationality = nationality, BirthDate = born, Gender = "F",
        Documents = [new TravelDocumentInput { Type = "P", Number = document, IssuingState = issuer, Expiry = expiry ?? new DateOnly(2031, 1, 1) }],
    };

    /// <summary>A TD3 passport zone with every check digit computed (ICAO Doc 9303 part 4).</summary>
    public static string Td3(string surname, string given, string number, string state, DateOnly born, char sex, DateOnly expiry)
    {
        state = state.PadRight(3, '<'); // Germany's D is written D<<
        var line1 = $"P<{state}{surname.Replace(' ', '<')}<<{given.Replace(' ', '<')}".PadRight(44, '<');
        var doc = number.PadRight(9, '<');
        var birth = born.ToString("yyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        var exp = expiry.ToString("yyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        var optional = new string('<', 14);
        string D(string s) => MrzReader.CheckDigit(s).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var composite = D(doc + D(doc) + birth + D(birth) + exp + D(exp) + optional + D(optional));
        var line2 = $"{doc}{D(doc)}{state}{birth}{D(birth)}{sex}{exp}{D(exp)}{optional}{D(optional)}{composite}";
        return line1 + "\n" + line2;
    }
}

/// <summary>An outside document service as a test double: it reports the numbers it was given, as an SLTD-like source would.</summary>
internal sealed class ReportingDocumentService(string source, params (string Number, string State, string Status)[] reported) : ITravelDocumentCheck
{
    public int Calls { get; private set; }

    public Task<IReadOnlyList<ListedDocument>> CheckAsync(IReadOnlyCollection<DocumentQuery> documents, CancellationToken ct = default)
    {
        Calls++;
        IReadOnlyList<ListedDocument> found = reported
            .Where(r => documents.Any(d => DocumentNumbers.Normalise(d.Number) == r.Number && (d.IssuingState ?? r.State) == r.State))
            .Select(r => new ListedDocument(r.Number, r.State, r.Status, source, null)).ToList();
        return Task.FromResult(found);
    }
}
