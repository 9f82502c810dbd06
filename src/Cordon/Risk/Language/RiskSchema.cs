using System.Linq.Expressions;

namespace Cordon.Risk.Language;

/// <summary>A field a criterion can read, with its type and how to read it: a getter written in code as an expression, never reflection.</summary>
public abstract class FieldDefinition(string name, RiskType type, string description)
{
    public string Name { get; } = name;
    public RiskType Type { get; } = type;
    public string Description { get; } = description;

    /// <summary>
    /// The read of this field from <paramref name="record"/>, the getter's body inlined. When the record
    /// may be absent (a party not given) the read yields the field's "missing" value instead.
    /// </summary>
    internal abstract Expression Read(Expression record, bool mayBeNull);
}

internal sealed class FieldDefinition<TRecord, TValue>(string name, RiskType type, string description, Expression<Func<TRecord, TValue>> get, TValue missing)
    : FieldDefinition(name, type, description) where TRecord : class
{
    internal override Expression Read(Expression record, bool mayBeNull)
    {
        if (!mayBeNull)
        {
            return Inline.Body(get, record);
        }
        var r = Expression.Variable(typeof(TRecord), "record");
        return Expression.Block(typeof(TValue), [r],
            Expression.Assign(r, record),
            Expression.Condition(Expression.Equal(r, Expression.Constant(null, typeof(TRecord))),
                Expression.Constant(missing, typeof(TValue)), Inline.Body(get, r)));
    }
}

/// <summary>Splices a getter lambda's body in place of a call, with its parameter replaced.</summary>
internal static class Inline
{
    public static Expression Body(LambdaExpression lambda, params Expression[] arguments)
        => new Replacer(lambda.Parameters, arguments).Visit(lambda.Body);

    private sealed class Replacer(IReadOnlyList<ParameterExpression> parameters, Expression[] arguments) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node)
        {
            for (var i = 0; i < parameters.Count; i++)
            {
                if (parameters[i] == node)
                {
                    return arguments[i];
                }
            }
            return node;
        }
    }
}

/// <summary>A kind of record (declaration, item, party) and its fields.</summary>
public abstract class RecordSchema(string name, string description, Type clrType)
{
    private readonly Dictionary<string, FieldDefinition> _fields = new(StringComparer.Ordinal);

    public string Name { get; } = name;
    public string Description { get; } = description;
    internal Type ClrType { get; } = clrType;
    public IEnumerable<FieldDefinition> Fields => _fields.Values;
    /// <summary>The variable name that stands for one element when quantifying over a collection of these (e.g. "item").</summary>
    public string? ElementVariable { get; init; }

    public FieldDefinition? Find(string name) => _fields.GetValueOrDefault(name);

    protected void Add(FieldDefinition field) => _fields.Add(field.Name, field);
}

public sealed class RecordSchema<T>(string name, string description) : RecordSchema(name, description, typeof(T)) where T : class
{
    public RecordSchema<T> Number(string name, string description, Expression<Func<T, double>> get)
    {
        Add(new FieldDefinition<T, double>(name, RiskType.Number, description, get, double.NaN));
        return this;
    }

    public RecordSchema<T> Text(string name, string description, Expression<Func<T, string>> get)
    {
        var coalesced = Expression.Lambda<Func<T, string>>(Expression.Coalesce(get.Body, Expression.Constant("")), get.Parameters);
        Add(new FieldDefinition<T, string>(name, RiskType.Text, description, coalesced, ""));
        return this;
    }

    public RecordSchema<T> Boolean(string name, string description, Expression<Func<T, bool>> get)
    {
        Add(new FieldDefinition<T, bool>(name, RiskType.Boolean, description, get, false));
        return this;
    }

    public RecordSchema<T> Date(string name, string description, Expression<Func<T, DateOnly?>> get)
    {
        var days = Expression.Lambda<Func<T, double>>(Expression.Call(RiskRuntime.DayNumberMethod, get.Body), get.Parameters);
        Add(new FieldDefinition<T, double>(name, RiskType.Date, description, days, double.NaN));
        return this;
    }

    public RecordSchema<T> Record<TOther>(string name, string description, RecordSchema<TOther> schema, Expression<Func<T, TOther?>> get) where TOther : class
    {
        Add(new FieldDefinition<T, TOther?>(name, RiskType.RecordOf(schema), description, get, null));
        return this;
    }

    public RecordSchema<T> Collection<TElement>(string name, string description, RecordSchema<TElement> element, Expression<Func<T, IReadOnlyList<TElement>>> get)
        where TElement : class
    {
        var coalesced = Expression.Lambda<Func<T, IReadOnlyList<TElement>>>(
            Expression.Coalesce(get.Body, Expression.Constant(Array.Empty<TElement>(), typeof(IReadOnlyList<TElement>))), get.Parameters);
        Add(new FieldDefinition<T, IReadOnlyList<TElement>>(name, RiskType.CollectionOf(element), description, coalesced, []));
        return this;
    }

    public RecordSchema<T> Features(string name, string description, FeatureCatalog catalog, Expression<Func<T, FeatureVector?>> get)
    {
        Add(new FieldDefinition<T, FeatureVector?>(name, RiskType.GroupOf(catalog), description, get, null));
        return this;
    }
}

/// <summary>A function criteria can call, with its signature and how it is compiled.</summary>
public sealed class FunctionDefinition
{
    public required string Name { get; init; }
    public required IReadOnlyList<RiskType> Parameters { get; init; }
    public required RiskType Returns { get; init; }
    public required string Description { get; init; }
    /// <summary>Builds the call from the arguments' expressions.</summary>
    internal Func<Expression[], Expression> Compile { get; init; } = null!;

    public string Signature => $"{Name}({string.Join(", ", Parameters)}) → {Returns}";
}

/// <summary>
/// Everything a criterion may name: the root record (the declaration, or the traveller) and its fields,
/// the records reachable from it, and the callable functions. The type checker resolves every name here,
/// so an unknown field or a type mismatch is refused when the criterion is saved, not when it runs.
/// </summary>
public sealed class RiskSchema
{
    private readonly Dictionary<string, List<FunctionDefinition>> _functions = new(StringComparer.Ordinal);

    public required RecordSchema Root { get; init; }
    /// <summary>The scope's property that holds the root record (<see cref="EvaluationScope.Declaration"/> or <see cref="EvaluationScope.Traveller"/>).</summary>
    public required string Subject { get; init; }
    /// <summary>Goods items: a free <c>item</c> makes a criterion item-level. Declarations only.</summary>
    public RecordSchema<ItemFacts>? Item { get; init; }
    public RecordSchema<PartyFacts>? Party { get; init; }

    public IEnumerable<FunctionDefinition> Functions => _functions.Values.SelectMany(f => f);

    /// <summary>Namespaces of registered functions ("stats"), so "stats.p10" resolves as one name.</summary>
    public IReadOnlySet<string> FunctionNamespaces => _functions.Keys.Where(k => k.Contains('.', StringComparison.Ordinal))
        .Select(k => k[..k.IndexOf('.', StringComparison.Ordinal)]).ToHashSet(StringComparer.Ordinal);

    public IReadOnlyList<FunctionDefinition> Overloads(string name) => _functions.TryGetValue(name, out var list) ? list : [];

    public RiskSchema Register(FunctionDefinition function)
    {
        if (!_functions.TryGetValue(function.Name, out var list))
        {
            _functions[function.Name] = list = [];
        }
        list.Add(function);
        return this;
    }

    /// <summary>The schema for declarations, items, parties, features and statistics.</summary>
    public static RiskSchema Declarations { get; } = BuildDeclarations();

    private static RiskSchema BuildDeclarations()
    {
        var party = new RecordSchema<PartyFacts>("party", "A party named on the declaration.") { ElementVariable = "party" }
            .Text("role", "importer, exporter, declarant, consignee, consignor, carrier or notify.", p => p.Role)
            .Text("id", "Identifier: EORI, TIN or national trader number.", p => p.Id)
            .Text("name", "Name as declared.", p => p.Name)
            .Text("country", "Country (ISO 3166-1 alpha-2).", p => p.Country)
            .Boolean("aeo", "Holds authorised economic operator status.", p => p.Aeo);

        var item = new RecordSchema<ItemFacts>("item", "A goods item of the declaration.") { ElementVariable = "item" }
            .Number("number", "Item number, from 1.", i => i.Number)
            .Text("hs_code", "Commodity code as declared (national, 8–10 digits).", i => i.HsCode)
            .Text("hs6", "HS subheading: the first 6 digits.", i => i.Hs6)
            .Text("hs4", "HS heading: the first 4 digits.", i => i.Hs4)
            .Text("hs2", "HS chapter: the first 2 digits.", i => i.Hs2)
            .Text("description", "Goods description.", i => i.Description)
            .Text("origin", "Country of origin of the item (ISO 3166-1 alpha-2).", i => i.Origin)
            .Number("quantity", "Quantity in the supplementary unit.", i => i.Quantity)
            .Text("unit", "Supplementary unit.", i => i.Unit)
            .Number("gross_weight", "Gross weight, kg.", i => i.GrossWeight)
            .Number("net_weight", "Net weight, kg.", i => i.NetWeight)
            .Number("fob", "FOB value.", i => i.Fob)
            .Number("cif", "CIF (customs) value.", i => i.Cif)
            .Text("currency", "Invoice currency (ISO 4217).", i => i.Currency)
            .Number("unit_value", "Customs value per supplementary unit (CIF / quantity when not declared).", i => i.UnitValue)
            .Number("duties", "Duties and taxes assessed on the item.", i => i.Duties)
            .Features("features", "Computed features of the item.", FeatureCatalog.Item, i => i.Features);

        var root = new RecordSchema<DeclarationFacts>("declaration", "The declaration being targeted.")
            .Text("office", "Customs office of lodgement.", d => d.Office)
            .Text("number", "Declaration number.", d => d.Number)
            .Text("flow", "import, export or transit.", d => d.Flow)
            .Text("procedure", "Customs procedure code.", d => d.Procedure)
            .Record("declarant", "The declarant (party).", party, d => d.Declarant)
            .Record("importer", "The importer (party).", party, d => d.Importer)
            .Record("exporter", "The exporter (party).", party, d => d.Exporter)
            .Text("origin", "Country of origin (ISO 3166-1 alpha-2).", d => d.Origin)
            .Text("export_country", "Country of export or dispatch.", d => d.ExportCountry)
            .Text("destination", "Country of destination.", d => d.Destination)
            .Text("transport_mode", "Mode of transport at the border.", d => d.TransportMode)
            .Text("port_of_loading", "UN/LOCODE of the port of loading.", d => d.PortOfLoading)
            .Text("port_of_entry", "UN/LOCODE of the port or place of entry.", d => d.PortOfEntry)
            .Date("lodgement_date", "Date the declaration was lodged.", d => d.LodgementDate)
            .Text("currency", "Invoice currency (ISO 4217).", d => d.Currency)
            .Number("total_fob", "Total FOB value.", d => d.TotalFob)
            .Number("total_cif", "Total CIF (customs) value.", d => d.TotalCif)
            .Number("total_duties", "Total duties and taxes.", d => d.TotalDuties)
            .Number("gross_weight", "Total gross weight, kg.", d => d.GrossWeight)
            .Number("item_count", "Number of goods items.", d => d.Items.Count)
            .Collection("items", "The goods items; quantify with any(items, …), count(items, …), sum(items, …).", item, d => d.Items)
            .Collection("parties", "Every party named; quantify with any(parties, …).", party, d => d.Parties)
            .Features("features", "Computed features of the declaration.", FeatureCatalog.Declaration, d => d.Features)
            .Features("screening", "Watch-list screening results of the parties.", FeatureCatalog.Screening, d => d.Screening);

        var schema = new RiskSchema { Root = root, Subject = nameof(EvaluationScope.Declaration), Item = item, Party = party };
        BuiltinFunctions.Register(schema);
        BuiltinFunctions.RegisterStatistics(schema);
        return schema;
    }

    /// <summary>The schema for travellers on a passenger list: the person, their document, journey, booking and history.</summary>
    public static RiskSchema Travellers { get; } = BuildTravellers();

    private static RiskSchema BuildTravellers()
    {
        var companion = new RecordSchema<CompanionFacts>("companion", "Another traveller of the same booking, on the same list.") { ElementVariable = "companion" }
            .Text("surname", "Surname as on the list.", c => c.Surname)
            .Number("age", "Age in whole years on the day of travel (unknown without a birth date).", c => c.Age)
            .Boolean("minor", "Under 18 on the day of travel.", c => c.Minor)
            .Text("nationality", "Nationality (ISO 3166-1 alpha-3, as on documents).", c => c.Nationality)
            .Boolean("hit", "Has a reason for action of its own (a listed document, a watch-list match, an overstay).", c => c.Hit);

        var root = new RecordSchema<TravellerFacts>("traveller", "The traveller being checked.")
            .Text("role", "passenger or crew.", t => t.Role)
            .Text("surname", "Surname as on the list (compare with a companion's: a parent usually shares it).", t => t.Surname)
            .Text("nationality", "Nationality (ISO 3166-1 alpha-3, as on documents).", t => t.Nationality)
            .Text("gender", "M, F or X as given.", t => t.Gender)
            .Number("age", "Age in whole years on the day of travel (unknown without a birth date).", t => t.Age)
            .Boolean("minor", "Under 18 on the day of travel.", t => t.Minor)
            .Text("carrier", "The carrier's code (IATA airline or shipping line).", t => t.Carrier)
            .Text("transport", "Flight or voyage number.", t => t.Transport)
            .Text("mode", "air, sea, road or rail.", t => t.Mode)
            .Text("departure", "Where the list's flight or voyage leaves from (IATA or UN/LOCODE).", t => t.Departure)
            .Text("arrival", "Where it arrives.", t => t.Arrival)
            .Text("route", "Every place of the journey in order, separated by spaces (the booking's itinerary when known, else the list's route).", t => t.Route)
            .Text("origin", "Where the journey began: the first place of the booking's itinerary, else the departure.", t => t.Origin)
            .Date("travel_date", "Day of departure.", t => t.TravelDate)
            .Text("document_type", "Type of the first travel document (P passport, I identity card, V visa …).", t => t.DocumentType)
            .Text("document_state", "Issuing state of the first travel document.", t => t.DocumentState)
            .Number("document_days_to_expiry", "Days from the day of travel to the document's expiry (unknown when not given).", t => t.DocumentDaysToExpiry)
            .Boolean("booked", "A passenger name record (PNR) came for this traveller.", t => t.Booked)
            .Number("booking_days", "Days from the booking's creation to departure (unknown without a PNR).", t => t.BookingDays)
            .Text("payment", "Forms of payment of the booking (CC card, CA cash, …), separated by spaces.", t => t.Payment)
            .Boolean("one_way", "The booking's itinerary does not come back to where it began.", t => t.OneWay)
            .Text("travel_agency", "The agency that sold the booking, as given.", t => t.TravelAgency)
            .Number("same_card_travellers", "Travellers on this list whose bookings were paid with the same card (this one included; 0 without a card).", t => t.SameCardTravellers)
            .Number("same_contact_bookings", "Bookings on this list sharing a phone number or e-mail address with this one (this one included; 0 without contact).", t => t.SameContactBookings)
            .Boolean("alone", "Travels without companions in the booking (or without a booking).", t => t.Alone)
            .Collection("companions", "The other travellers of the same booking; quantify with any(companions, …), count(companions, …).", companion, t => t.Companions)
            .Number("previous_crossings", "Entries and exits recorded for this person before.", t => t.PreviousCrossings)
            .Number("previous_refusals", "Refusals of entry recorded for this person before.", t => t.PreviousRefusals)
            .Boolean("overstayed", "Overstayed a short-stay rule before, by the recorded crossings.", t => t.Overstayed)
            .Boolean("hit", "Has a reason for action from the document, watch-list or stay checks.", t => t.Hit);

        var schema = new RiskSchema { Root = root, Subject = nameof(EvaluationScope.Traveller) };
        BuiltinFunctions.Register(schema);
        return schema;
    }
}
