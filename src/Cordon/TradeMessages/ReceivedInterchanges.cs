using System.Globalization;
using System.Text.RegularExpressions;
using Cordon.Edifact;
using Cordon.Identity;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.TradeMessages;

/// <summary>
/// One problem an answer reports, in the terms of the message answered (the message reference, the segment's position and
/// tag, the data element and component) and, for a content error, of Cordon (the field path); a syntax problem (CONTRL)
/// carries its ISO 9735 error code (0085) instead of words.
/// </summary>
public sealed record AnswerProblem(string? Message, int? Segment, string? Tag, string? Element, string? Field, int? SyntaxCode, string Text);

/// <summary>An answer sent back for an interchange, with the problems it reports.</summary>
public sealed record InterchangeAnswer(long Sequence, string Kind, string State, string? Message, string? Document, DateTimeOffset CreatedAt,
    IReadOnlyList<AnswerProblem> Problems, string Content);

/// <summary>An interchange received (known by its CONTRL), its state, how many answers it got and the first of them, refusals first.</summary>
public sealed record ReceivedInterchange(string Sender, string Reference, DateTimeOffset ReceivedAt, string State, int Answers, int Refused,
    IReadOnlyList<InterchangeAnswer> Shown);

public sealed record ReceivedInterchangePage(IReadOnlyList<ReceivedInterchange> Rows, int Page, int PageSize, int Total);

/// <summary>
/// The interchanges an agency received, read from its outbox: each CONTRL stands for one interchange received, the
/// CUSRES answering its messages (and the later lane and release answers) name the same interchange. Only the reader's
/// own agency's outbox is read, as <c>GET /api/messages/outbox</c> reads it.
/// </summary>
public static partial class ReceivedInterchanges
{
    /// <summary>Answers shown per interchange (refusals first); the outbox API gives them all.</summary>
    public const int ShownAnswers = 50;

    public static async Task<ReceivedInterchangePage> ListAsync(CordonDb db, Actor actor, int page, int pageSize, CancellationToken ct)
    {
        if (actor.AgencyId is not { } agency)
        {
            throw new Common.Forbidden("The outbox belongs to an agency: sign in as one of its users.");
        }
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 100);
        var received = db.TradeMessageOutbox.AsNoTracking().Where(m => m.OwningAgencyId == agency && m.Kind == AnswerKinds.Contrl);
        var total = await received.CountAsync(ct);
        var contrls = await received.OrderByDescending(m => m.Sequence).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var rows = new List<ReceivedInterchange>();
        foreach (var c in contrls)
        {
            // The CUSRES of a receipt carry its time; the later lane and release answers name its interchange too.
            var answers = db.TradeMessageOutbox.AsNoTracking().Where(m => m.OwningAgencyId == agency && m.Kind == AnswerKinds.Cusres
                && m.Recipient == c.Recipient && m.InterchangeReference == c.InterchangeReference && m.CreatedAt >= c.CreatedAt);
            var count = await answers.CountAsync(ct);
            var refused = await answers.CountAsync(m => m.State == AnswerStates.Rejected, ct);
            var shown = await answers.OrderBy(m => m.State == AnswerStates.Rejected ? 0 : 1).ThenBy(m => m.Sequence).Take(ShownAnswers).ToListAsync(ct);
            rows.Add(new ReceivedInterchange(c.Recipient, c.InterchangeReference, c.CreatedAt, c.State, count, refused, [Of(c), .. shown.Select(Of)]));
        }
        return new ReceivedInterchangePage(rows, page, pageSize, total);
    }

    private static InterchangeAnswer Of(OutboxMessage m)
    {
        var content = m.Content;
        return new(m.Sequence, m.Kind, m.State, m.MessageReference, m.DeclarationNumber, m.CreatedAt, Problems(m.Kind, content), content);
    }

    /// <summary>The problems an answer reports, read back from its text: CONTRL UCI/UCM/UCS/UCD, CUSRES ERP with its FTX+AAO.</summary>
    public static IReadOnlyList<AnswerProblem> Problems(string kind, string content)
    {
        var problems = new List<AnswerProblem>();
        EdifactMessage? message;
        try
        {
            message = new EdifactReader(new StringReader(content)).Messages().FirstOrDefault();
        }
        catch (EdifactSyntaxException)
        {
            return problems;
        }
        if (message is null)
        {
            return problems;
        }
        string? current = null;
        EdifactSegment? erp = null;
        foreach (var s in message.Segments)
        {
            switch (s.Tag)
            {
                case "UCI" when kind == AnswerKinds.Contrl && s.Value(5) is { } code:
                    problems.Add(new AnswerProblem(null, null, s.Value(6), Element(s.Value(7, 1), s.Value(7, 2)), null, Number(code), ""));
                    break;
                case "UCM" when kind == AnswerKinds.Contrl:
                    current = s.Value(1);
                    if (s.Value(3) == "4" && s.Value(4) is { } whole)
                    {
                        problems.Add(new AnswerProblem(current, null, s.Value(5), null, null, Number(whole), ""));
                    }
                    break;
                case "UCS" when kind == AnswerKinds.Contrl:
                    problems.Add(new AnswerProblem(current, Number(s.Value(1)), null, null, null, Number(s.Value(2)), ""));
                    break;
                case "UCD" when kind == AnswerKinds.Contrl && problems.Count > 0:
                    problems[^1] = problems[^1] with { Element = Element(s.Value(2, 1), s.Value(2, 2)), SyntaxCode = Number(s.Value(1)) };
                    break;
                case "ERP" when kind == AnswerKinds.Cusres:
                    erp = s;
                    break;
                case "FTX" when kind == AnswerKinds.Cusres && s.Value(1) == "AAO" && erp is not null:
                    var text = s.Elements.Count >= 4 ? string.Concat(s.Elements[3]) : "";
                    var said = Said().Match(text);
                    problems.Add(new AnswerProblem(null, Number(erp.Value(2, 2)), erp.Value(2, 1), said.Success && said.Groups["element"].Success ? said.Groups["element"].Value : null,
                        said.Success && said.Groups["field"].Success ? said.Groups["field"].Value : null, null, said.Success ? said.Groups["text"].Value : text));
                    erp = null;
                    break;
            }
        }
        return problems;
    }

    private static string? Element(string? element, string? component) => element is null ? null : component is null ? element : $"{element}.{component}";

    private static int? Number(string? s) => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>What <see cref="TradeMessageError.ToString"/> wrote: "segment 71 CST, element 2.1 (items[6].hsCode): text".</summary>
    [GeneratedRegex(@"^(?:segment \d+ \w+|segment \w+|message)(?:, element (?<element>[\d.]+))?(?: \((?<field>[^()]*)\))?: (?<text>.*)$", RegexOptions.Singleline)]
    private static partial Regex Said();
}
