namespace Cordon.Server;

/// <summary>
/// Examples in the OpenAPI document, keyed by operation id: request bodies taken from the tests' and the demo's working values
/// (ApiReferenceTests posts each one to a demo server and expects a 2xx, so they cannot rot), and the Problem Details
/// a refused request gets (the same test compares them with real answers).
/// </summary>
public static class ApiExamples
{
    public sealed record Example(string ContentType, string Body)
    {
        public bool IsJson => ContentType.EndsWith("json", StringComparison.Ordinal);
    }

    private static Example Json(string body) => new("application/json", body);

    private const string Declaration = """
        {
          "kind": "import",
          "number": "26NL0000000004711",
          "declarant": "NL123456789",
          "office": "NL000396",
          "lodgedOn": "2026-03-14",
          "transportMode": "sea",
          "conveyance": "IMO9074729",
          "importer": { "id": "NL987654321", "name": "Holland Trading B.V.", "address": "Havenstraat 1, Rotterdam", "country": "NL" },
          "exporter": { "id": "CN9113000071", "name": "Shenzhen Bright Electronics Co.", "address": "Nanshan, Shenzhen", "country": "CN" },
          "originCountry": "CN",
          "exportCountry": "CN",
          "destinationCountry": "NL",
          "portOfLoading": "CNSZX",
          "portOfDischarge": "NLRTM",
          "currency": "EUR",
          "totalFob": 2000,
          "totalCif": 2200,
          "items": [
            { "hsCode": "8517130000", "description": "Smartphones", "quantity": 10, "unit": "u", "grossKg": 25, "netKg": 20, "fob": 1000, "cif": 1100, "duties": 0, "taxes": 231 },
            { "hsCode": "847130", "description": "Laptop computers", "quantity": 20, "unit": "u", "grossKg": 25, "netKg": 20, "fob": 1000, "cif": 1100, "duties": 0, "taxes": 231 }
          ]
        }
        """;

    private const string Consignment = """
        {
          "office": "NL000396",
          "filer": "DK12345678",
          "reference": "MAEU260004711",
          "consignor": { "name": "Ningbo Export Co.", "address": "Ningbo", "country": "CN" },
          "consignee": { "name": "Holland Trading B.V.", "address": "Rotterdam", "country": "NL" },
          "goodsDescription": "Plastic household articles",
          "hsCode": "392490",
          "grossKg": 12500,
          "packages": 840,
          "containers": ["CSQU3054383", "MSKU9070323"],
          "transportMode": "sea",
          "conveyance": "IMO9074729",
          "route": ["CN", "SG", "NL"],
          "expectedArrival": "2026-12-19T14:00:00Z"
        }
        """;

    /// <summary>A CUSDEC (D96B) interchange of one declaration with two items, as a clearance system sends it.</summary>
    public const string Edifact = """
        UNA:+.? '
        UNB+UNOC:3+NL123456789:ZZZ+NCA:ZZZ+260314:1200+API4711'
        UNH+M1+CUSDEC:D:96B:UN'
        BGM+929+26EDI000000004711+9'
        DTM+137:20260314:102'
        LOC+22+NL000396'
        LOC+27+CN'
        LOC+35+CN'
        LOC+28+NL'
        LOC+9+CNSZX'
        LOC+11+NLRTM'
        NAD+DT+NL123456789'
        NAD+IM+NL987654321++Holland Trading B.V.+Havenstraat 1+Rotterdam++3011+NL'
        NAD+EX+CN9113000071++Shenzhen Bright Electronics Co.+Nanshan+Shenzhen+++CN'
        TDT+20+V123+1+++++IMO9074729'
        MOA+39:2000:EUR'
        MOA+40:2200:EUR'
        UNS+D'
        CST+1+8517130000'
        FTX+AAA+++Smartphones'
        MEA+AAR++PCE:10'
        MEA+WT+G+KGM:25'
        MEA+WT+AAF+KGM:20'
        MOA+38:1000'
        MOA+40:1100'
        TAX+7+VAT'
        MOA+124:231'
        CST+2+847130'
        FTX+AAA+++Laptop computers'
        MEA+AAR++PCE:20'
        MEA+WT+G+KGM:25'
        MEA+WT+AAF+KGM:20'
        MOA+38:1000'
        MOA+40:1100'
        TAX+7+VAT'
        MOA+124:231'
        UNS+S'
        CNT+5:2'
        UNT+37+M1'
        UNZ+1+API4711'

        """;

    /// <summary>Request bodies by operation id.</summary>
    public static readonly IReadOnlyDictionary<string, Example> Requests = new Dictionary<string, Example>(StringComparer.Ordinal)
    {
        ["lodgeDeclaration"] = Json(Declaration),
        ["lodgeDeclarations"] = Json("[" + Declaration.Replace("26NL0000000004711", "26NL0000000004712", StringComparison.Ordinal) + "]"),
        ["lodgeConsignment"] = Json(Consignment),
        ["lodgeConsignments"] = Json("[" + Consignment.Replace("MAEU260004711", "MAEU260004712", StringComparison.Ordinal) + "]"),
        ["receiveEdifact"] = new("application/EDIFACT", Edifact),
        ["lodgeManifest"] = Json("""
            {
              "carrier": "KL", "transport": "KL1002", "list": "passengers", "departure": "LHR", "arrival": "AMS", "departureTime": "2026-12-06T09:40:00",
              "travellers": [{ "role": "passenger", "surname": "Jansen", "givenNames": "Ann", "nationality": "GBR", "birthDate": "1980-01-01", "gender": "F" }]
            }
            """),
        ["recordCrossing"] = Json("""
            {
              "kind": "entry", "crossingPoint": "NLAMS", "surname": "Jansen", "givenNames": "Ann", "birthDate": "1980-01-01", "gender": "F",
              "nationality": "GBR", "documentType": "P", "documentNumber": "AUD123456"
            }
            """),
        ["readMrz"] = Json("""{ "mrz": "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10" }"""),
        ["screenName"] = Json("""{ "name": "SALEK, Abdulhai", "dob": "1965", "country": "AF" }"""),
        ["screenNames"] = Json("""
            { "queries": [ { "id": "crew-1", "name": "SALEK, Abdulhai", "dob": "1965", "country": "AF" }, { "id": "crew-2", "name": "Ирина Ковалёва", "type": "person" } ] }
            """),
        ["createChannel"] = Json("""{ "kind": "group", "name": "Night shift", "purpose": "Handover between shifts", "endsAt": "2030-12-31T18:00:00Z", "members": ["NCA"] }"""),
        ["postMessage"] = Json("""{ "text": "Refrigerated trailer crossed at Baarle, heading north." }"""),
        ["openCase"] = Json("""{ "title": "Cigarettes in reefer containers", "summary": "Opened after the Rotterdam seizure", "marking": "TLP:AMBER" }"""),
        ["raiseAlert"] = Json("""{ "title": "Watch vessel MSC Aurora", "severity": "high", "marking": "TLP:GREEN", "office": "NLRTM" }"""),
        ["reportIncident"] = Json("""{ "type": "smuggling-attempt", "severity": "high", "title": "Van turning back at Baarle", "latitude": 51.4421, "longitude": 4.9268 }"""),
        ["checkRiskExpression"] = Json("""{ "expression": "item.hs4 == \"8703\"" }"""),
    };

    /// <summary>The answer to GET /api/risk/criteria?status=pending (traceId differs per request).</summary>
    public const string ValidationProblem = """
        {
          "type": "https://tools.ietf.org/html/rfc9110#section-15.5.1",
          "title": "The request has invalid fields.",
          "status": 400,
          "detail": "status: Unknown status 'pending'.",
          "errors": { "status": ["Unknown status 'pending'."] },
          "traceId": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        }
        """;

    /// <summary>The answer to GET /api/declarations/26NL0000009999999 (traceId differs per request).</summary>
    public const string NotFoundProblem = """
        {
          "type": "https://tools.ietf.org/html/rfc9110#section-15.5.5",
          "title": "Not found.",
          "status": 404,
          "detail": "No declaration '26NL0000009999999' that you may read.",
          "traceId": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        }
        """;
}
