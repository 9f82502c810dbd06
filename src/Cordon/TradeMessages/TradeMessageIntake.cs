using System.Diagnostics;
using System.Security.Cryptography;
using Cordon.Declarations;
using Cordon.Edifact;
using Cordon.Identity;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.TradeMessages;

/// <summary>
/// The outcome of one received record, with its problems and Cordon's reference when stored: a CUSDEC message (its
/// declaration), or one bill of a CUSCAR message (<see cref="Bill"/>, the transport document reference, and the
/// pre-arrival consignment it became).
/// </summary>
public sealed record TradeMessageResult(string Interchange, int Number, string Reference, string Type, string? DeclarationNumber, string Function,
    string Outcome, Guid? DeclarationId, int? Version, IReadOnlyList<TradeMessageError> Errors, string? Bill = null, Guid? ConsignmentId = null);

/// <summary>An envelope problem of an interchange (counts, control references, truncation), concerning no single message.</summary>
public sealed record InterchangeError(string? Interchange, TradeMessageError Error);

/// <summary>One answer in a sender's outbox.</summary>
public sealed record OutboxView(long Sequence, string Kind, string State, string Recipient, string Interchange, string? Message, string? DeclarationNumber,
    Guid? DeclarationId, DateTimeOffset CreatedAt, string Content)
{
    public static OutboxView Of(OutboxMessage m) => new(m.Sequence, m.Kind, m.State, m.Recipient, m.InterchangeReference, m.MessageReference, m.DeclarationNumber,
        m.DeclarationId, m.CreatedAt, m.Content);
}

/// <summary>What became of an interchange (or several in one file): per message, the envelope errors, and the answers written.</summary>
public sealed record TradeMessageReceipt(int Accepted, int Amended, int Duplicates, int Rejected, IReadOnlyList<TradeMessageResult> Messages,
    IReadOnlyList<InterchangeError> InterchangeErrors, IReadOnlyList<OutboxView> Answers, double Seconds)
{
    /// <summary>The CONTRL reports, one per interchange.</summary>
    public IReadOnlyList<string> Contrl => Answers.Where(a => a.Kind == AnswerKinds.Contrl).Select(a => a.Content).ToList();
}

public sealed record TradeMessageProgress(long BytesRead, int Messages, int Rejected, double Seconds);

/// <summary>
/// Takes in UN/EDIFACT interchanges of CUSDEC and CUSCAR messages, dispatched by message type: each CUSDEC becomes
/// the same <see cref="DeclarationInput"/> the CSV and JSON paths produce, each bill of a CUSCAR the same
/// <see cref="ConsignmentInput"/>, and they go through the one intake (<see cref="Intake"/>: validation, idempotency,
/// versions, quarantine, and for declarations the screening backlog and so targeting); then every interchange gets
/// a CONTRL and every readable CUSDEC (every bill of a CUSCAR) a CUSRES in the receiving agency's outbox. A record
/// is stored whole or not at all; the good ones of an interchange land whatever the others hold; the same
/// interchange sent again stores nothing new and finds the answers it had.
/// </summary>
public static class TradeMessageIntake
{
    /// <summary>Messages validated and written together.</summary>
    public const int BatchSize = 500;

    /// <summary>How candidates reach the intake writer: the server's group commit, or a writer of its own (CLI, tests).</summary>
    public sealed record Submit(
        Func<IntakeContext, IReadOnlyList<Candidate<DeclarationInput>>, CancellationToken, Task<IReadOnlyList<RecordResult>>> Declarations,
        Func<IntakeContext, IReadOnlyList<Candidate<ConsignmentInput>>, CancellationToken, Task<IReadOnlyList<RecordResult>>> Consignments);

    public static Submit Through(StorageSetup.StoreSettings store) => new(
        (context, candidates, ct) => Intake.SubmitDeclarationsAsync(store, context, candidates, ct),
        (context, candidates, ct) => Intake.SubmitConsignmentsAsync(store, context, candidates, ct));

    public static Submit Through(IntakeService service) => new(
        (context, candidates, ct) => Intake.SubmitDeclarationsAsync(service, context, candidates, ct),
        (context, candidates, ct) => Intake.SubmitConsignmentsAsync(service, context, candidates, ct));

    private sealed record Done(AnsweredMessage Answered, TradeMessageResult Result, string? DocumentCode, IReadOnlyList<EdifactError> SyntaxErrors);

    /// <param name="input">A seekable stream (a file, or an upload spooled to one): it is hashed before it is read.</param>
    public static async Task<TradeMessageReceipt> ReceiveAsync(Stream input, CordonDb db, Submit submit, IntakeContext context, TimeProvider time,
        Action<TradeMessageProgress>? progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(input, ct));
        input.Position = 0;
        var done = new List<Done>();
        var pending = new List<CusdecMessage>();
        var held = new HashSet<(string, string, string)>();
        using var text = EdifactText.Open(input, leaveOpen: true);
        var reader = new EdifactReader(text);

        // Dispatch by message type (UNH 0065); the answers keep the order of the interchange.
        foreach (var message in reader.Messages())
        {
            ct.ThrowIfCancellationRequested();
            if (message.Type == "CUSCAR")
            {
                await FlushAsync();
                await ManifestAsync(CuscarReader.Read(message));
                continue;
            }
            if (message.Type != "CUSDEC")
            {
                message.At(message.Segments[0], $"a {message.Type} message: Cordon reads CUSDEC and CUSCAR here.", 2, 1, syntaxCode: 12);
            }
            pending.Add(CusdecReader.Read(message));
            if (pending.Count >= BatchSize)
            {
                await FlushAsync();
            }
        }
        await FlushAsync();

        // The bills of a CUSCAR are the records: each lands or is refused on its own, the message's errors refuse them all.
        async Task ManifestAsync(CuscarMessage m)
        {
            var message = m.Message;
            var syntax = message.Errors.Where(e => e.SyntaxCode is not null).ToList();
            var answered = new AnsweredMessage(message.Interchange, message.Number, message.Reference, message.Type, message.Version, message.Release, message.Agency,
                AnswerKeys.Of(message.Segments.Select(s => s.ToString()).ToArray()));
            var function = m.Function == MessageFunction.Replacement ? "replacement" : "original";
            if (m.SyntaxRefused || m.Bills.Count == 0)
            {
                done.Add(new Done(answered, new TradeMessageResult(message.Interchange.ControlReference, message.Number, message.Reference, message.Type, null, function,
                    DeclarationEndpoints.Name(IntakeOutcome.Rejected), null, null, message.Errors.Select(e => TradeMessageError.Of(e)).ToList()), m.DocumentCode, syntax));
                return;
            }
            var shared = message.Errors.Where(e => e.SyntaxCode is null).ToList();
            var candidates = new List<Candidate<ConsignmentInput>>();
            var injected = new List<HashSet<(string, string)>>();
            foreach (var bill in m.Bills)
            {
                var candidate = new Candidate<ConsignmentInput>
                {
                    Index = bill.Number - 1,
                    Position = $"interchange {message.Interchange.ControlReference}, UNH {message.Number} ({message.Reference}), bill {bill.Number} (segment {bill.Cni.Position} CNI)",
                    Input = bill.Input,
                    Raw = string.Join('\n', bill.Segments),
                    Number = bill.Input.Reference,
                };
                var marks = new HashSet<(string, string)>();
                foreach (var e in shared.Concat(bill.Errors))
                {
                    var field = EdifactPlaces.FieldAt(bill.Places, e) ?? "";
                    var text = $"{e.Tag} element {e.Element}{(e.Component is { } c ? $".{c}" : "")}: {e.Text}";
                    candidate.Errors.Add(field, text);
                    marks.Add((field, text));
                }
                injected.Add(marks);
                candidates.Add(candidate);
            }
            var results = (await submit.Consignments(context, candidates, ct)).ToDictionary(r => r.Index);
            foreach (var bill in m.Bills)
            {
                var r = results[bill.Number - 1];
                var errors = shared.Concat(bill.Errors).Select(e => TradeMessageError.Of(e, EdifactPlaces.FieldAt(bill.Places, e))).ToList();
                foreach (var (field, texts) in r.Errors ?? new Dictionary<string, string[]>())
                {
                    foreach (var t in texts.Where(t => !injected[bill.Number - 1].Contains((field, t))))
                    {
                        var place = bill.PlaceOf(field);
                        errors.Add(new TradeMessageError(place?.Segment.Position, place?.Segment.Tag, place?.Element, place?.Component, place?.Segment.Line, field, null, t));
                    }
                }
                var stored = r.Outcome != IntakeOutcome.Rejected;
                done.Add(new Done(answered, new TradeMessageResult(message.Interchange.ControlReference, message.Number, message.Reference, message.Type, null, function,
                    DeclarationEndpoints.Name(r.Outcome), null, r.Version, errors, bill.Input.Reference ?? bill.Cni.Value(2, 1), stored ? r.Id : null), m.DocumentCode, []));
            }
            progress?.Invoke(new TradeMessageProgress(input.Position, done.Count, done.Count(d => d.Result.Outcome == "rejected"), clock.Elapsed.TotalSeconds));
        }

        async Task FlushAsync()
        {
            if (pending.Count == 0)
            {
                return;
            }
            var candidates = new List<Candidate<DeclarationInput>>();
            var injected = new Dictionary<int, HashSet<(string, string)>>();
            foreach (var (m, at) in pending.Select((m, at) => (m, at)).Where(p => p.m.Declaration is not null))
            {
                var index = done.Count + at;
                var candidate = new Candidate<DeclarationInput>
                {
                    Index = index,
                    Position = $"interchange {m.Message.Interchange.ControlReference}, UNH {m.Message.Number} ({m.Message.Reference})",
                    Input = m.Declaration,
                    Raw = string.Join('\n', m.Message.Segments),
                    Number = m.Declaration!.Number,
                };
                var marks = injected[index] = [];
                foreach (var e in m.Message.Errors)
                {
                    // Content errors refuse the record in the intake too (and go to quarantine with it), under their field.
                    var field = FieldAt(m, e) ?? "";
                    candidate.Errors.Add(field, $"{e.Tag} element {e.Element}{(e.Component is { } c ? $".{c}" : "")}: {e.Text}");
                    marks.Add((field, $"{e.Tag} element {e.Element}{(e.Component is { } c2 ? $".{c2}" : "")}: {e.Text}"));
                }
                if (m.Function == MessageFunction.Replacement && !candidate.Errors.Any && !await HeldAsync(m.Declaration))
                {
                    candidate.Errors.Add("number", "a replacement (message function 5) of a declaration Cordon does not hold: send the original (9) first.");
                }
                candidates.Add(candidate);
            }
            var results = candidates.Count == 0 ? [] : await submit.Declarations(context, candidates, ct);
            var byIndex = results.ToDictionary(r => r.Index);
            for (var i = 0; i < pending.Count; i++)
            {
                var m = pending[i];
                var index = done.Count;
                var message = m.Message;
                var syntax = message.Errors.Where(e => e.SyntaxCode is not null).ToList();
                var errors = new List<TradeMessageError>();
                string outcome;
                Guid? id = null;
                int? version = null;
                if (byIndex.TryGetValue(index, out var r))
                {
                    outcome = DeclarationEndpoints.Name(r.Outcome);
                    id = r.Id;
                    version = r.Version;
                    errors.AddRange(message.Errors.Select(e => TradeMessageError.Of(e, FieldAt(m, e))));
                    foreach (var (field, texts) in r.Errors ?? new Dictionary<string, string[]>())
                    {
                        foreach (var t in texts.Where(t => !injected[index].Contains((field, t))))
                        {
                            var place = m.PlaceOf(field);
                            errors.Add(new TradeMessageError(place?.Segment.Position, place?.Segment.Tag, place?.Element, place?.Component, place?.Segment.Line, field, null, t));
                        }
                    }
                    if (r.Outcome != IntakeOutcome.Rejected)
                    {
                        held.Add(Key(m.Declaration!));
                    }
                }
                else
                {
                    outcome = DeclarationEndpoints.Name(IntakeOutcome.Rejected);
                    errors.AddRange(message.Errors.Select(e => TradeMessageError.Of(e, FieldAt(m, e))));
                }
                var answered = new AnsweredMessage(message.Interchange, message.Number, message.Reference, message.Type, message.Version, message.Release, message.Agency,
                    AnswerKeys.Of(message.Segments.Select(s => s.ToString()).ToArray()));
                var number = m.Declaration?.Number ?? message.Segments.FirstOrDefault(s => s.Tag == "BGM")?.Value(2, 1);
                var documentCode = message.Segments.FirstOrDefault(s => s.Tag == "BGM")?.Value(1, 1);
                done.Add(new Done(answered, new TradeMessageResult(message.Interchange.ControlReference, message.Number, message.Reference, message.Type, number,
                    m.Function == MessageFunction.Replacement ? "replacement" : "original", outcome, id, version, errors), documentCode, syntax));
            }
            pending.Clear();
            progress?.Invoke(new TradeMessageProgress(input.Position, done.Count, done.Count(d => d.Result.Outcome == "rejected"), clock.Elapsed.TotalSeconds));
        }

        async Task<bool> HeldAsync(DeclarationInput declaration)
        {
            // Normalise the key as validation will (upper-case codes, trimmed), then look for it.
            var copy = new DeclarationInput { Office = declaration.Office, Declarant = declaration.Declarant, Number = declaration.Number, Kind = declaration.Kind };
            DeclarationValidation.Validate(copy, new RecordErrors(), context.Today);
            var key = Key(copy);
            return held.Contains(Key(declaration)) || held.Contains(key) || await db.Declarations.AnyAsync(d => d.OwningAgencyId == context.AgencyId
                && d.Office == copy.Office && d.Declarant == copy.Declarant && d.Number == copy.Number, ct);
        }

        var envelope = reader.Errors.Select(e => new InterchangeError(e.Interchange, TradeMessageError.Of(e))).ToList();
        // Whole milliseconds: what PostgreSQL (microseconds) and SQLite give back is then what was written.
        var now = time.GetUtcNow();
        now = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
        var answers = await AnswerAsync(db, context, now, sha, reader, done, ct);

        var summary = new IntakeSummary();
        var declarations = new IntakeSummary();
        var consignments = new IntakeSummary();
        foreach (var d in done)
        {
            var outcome = d.Result.Outcome switch
            {
                "accepted" => IntakeOutcome.Accepted,
                "amended" => IntakeOutcome.Amended,
                "duplicate" => IntakeOutcome.Duplicate,
                _ => IntakeOutcome.Rejected,
            };
            summary.Add(outcome);
            (d.Result.Type == "CUSCAR" ? consignments : declarations).Add(outcome);
        }
        if (context.Actor is { } actor)
        {
            // One intake entry per kind of record received (an interchange of CUSCAR only records no declarations).
            if (declarations.Total > 0 || consignments.Total == 0)
            {
                await IntakeAudit.RecordAsync(db, actor, IntakeKind.Declaration, context, declarations, sha, ct: ct);
            }
            if (consignments.Total > 0)
            {
                await IntakeAudit.RecordAsync(db, actor, IntakeKind.Consignment, context, consignments, sha, ct: ct);
            }
        }
        return new TradeMessageReceipt((int)summary.Accepted, (int)summary.Amended, (int)summary.Duplicates, (int)summary.Rejected,
            done.Select(d => d.Result).ToList(), envelope, answers, Math.Round(clock.Elapsed.TotalSeconds, 3));
    }

    private static (string, string, string) Key(DeclarationInput d) => (d.Office ?? "", d.Declarant ?? "", d.Number ?? "");

    private static string? FieldAt(CusdecMessage m, EdifactError e) => EdifactPlaces.FieldAt(m.Places, e);

    /// <summary>
    /// Writes the answers: per interchange its CONTRL, then the CUSRES of each of its readable messages. An answer
    /// whose key is already in the outbox is not written again; the stored one is returned (same text, same place).
    /// </summary>
    private static async Task<IReadOnlyList<OutboxView>> AnswerAsync(CordonDb db, IntakeContext context, DateTimeOffset now, string sha, EdifactReader reader,
        IReadOnlyList<Done> done, CancellationToken ct)
    {
        var from = await db.Agencies.Where(a => a.Id == context.AgencyId).Select(a => a.Code).SingleOrDefaultAsync(ct)
            ?? throw new Common.NotFound($"No agency {context.AgencyId} to answer for.");
        var planned = new List<OutboxMessage>();
        for (var i = 0; i < reader.Interchanges.Count; i++)
        {
            var interchange = reader.Interchanges[i];
            var sender = interchange.Sender ?? "";
            var messages = done.Where(d => ReferenceEquals(d.Answered.Interchange, interchange)).ToList();
            var envelope = reader.Errors.Where(e => e.Interchange == interchange.ControlReference).ToList();
            var acknowledged = messages.Any(m => m.SyntaxErrors.Count == 0);
            var state = envelope.Count == 0 && messages.All(m => m.SyntaxErrors.Count == 0) ? AnswerStates.Acknowledged : AnswerStates.Rejected;
            var key = AnswerKeys.Of(AnswerKinds.Contrl, sender, interchange.ControlReference, sha, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            // One UCM per message (a CUSCAR's bills share theirs).
            planned.Add(Answer(context, now, AnswerKinds.Contrl, state, interchange, null, null, null, key,
                ControlReport.Write(from, interchange, envelope, messages.DistinctBy(m => m.Answered.Number).Select(m => (m.Answered, m.SyntaxErrors)).ToList(),
                    acknowledged, now, AnswerKeys.Reference(key))));
            foreach (var m in messages.Where(m => m.SyntaxErrors.Count == 0))
            {
                var r = m.Result;
                var accepted = r.Outcome != "rejected";
                var cusresState = accepted ? AnswerStates.Accepted : AnswerStates.Rejected;
                // A CUSCAR is answered per bill: the bill's reference is part of what is answered.
                string?[] parts = r.Bill is null
                    ? [AnswerKinds.Cusres, sender, interchange.ControlReference, r.Reference, m.Answered.ContentHash, cusresState]
                    : [AnswerKinds.Cusres, sender, interchange.ControlReference, r.Reference, m.Answered.ContentHash, r.Bill, cusresState];
                var cusresKey = AnswerKeys.Of(parts);
                var document = r.Bill ?? r.DeclarationNumber;
                var record = r.Bill is null ? r.DeclarationId : r.ConsignmentId;
                planned.Add(Answer(context, now, AnswerKinds.Cusres, cusresState, interchange, r.Reference, document, accepted ? r.DeclarationId : null, cusresKey,
                    CustomsResponse.Write(from, m.Answered, m.DocumentCode, document, accepted ? record : null, r.Version, r.Errors, now,
                        AnswerKeys.Reference(cusresKey))));
            }
        }
        return await OutboxAsync(db, context.AgencyId, planned, ct);
    }

    private static OutboxMessage Answer(IntakeContext context, DateTimeOffset now, string kind, string state, EdifactInterchange interchange, string? message,
        string? number, Guid? declaration, string key, string content) => new()
    {
        OwningAgencyId = context.AgencyId,
        Kind = kind,
        State = state,
        Recipient = Cut(interchange.Sender ?? "", 35),
        InterchangeReference = Cut(interchange.ControlReference, 14),
        MessageReference = message is null ? null : Cut(message, 14),
        DeclarationNumber = number is null ? null : Cut(number, DeclarationLimits.Number),
        DeclarationId = declaration,
        AnswerKey = key,
        Content = content,
        CreatedAt = now,
    };

    /// <summary>
    /// Appends the answers not yet in the agency's outbox, numbering them after the last one; returns every planned
    /// answer as stored. Two writers numbering at once collide on the unique sequence and the later one tries again.
    /// </summary>
    internal static async Task<IReadOnlyList<OutboxView>> OutboxAsync(CordonDb db, Guid agency, IReadOnlyList<OutboxMessage> planned, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var keys = planned.Select(p => p.AnswerKey).Distinct().ToList();
            var existing = await db.TradeMessageOutbox.AsNoTracking().Where(m => m.OwningAgencyId == agency && keys.Contains(m.AnswerKey)).ToDictionaryAsync(m => m.AnswerKey, ct);
            var next = (await db.TradeMessageOutbox.Where(m => m.OwningAgencyId == agency).MaxAsync(m => (long?)m.Sequence, ct) ?? 0) + 1;
            // By key, not by scanning: an interchange of 20,000 messages plans 20,000 answers.
            var added = new Dictionary<string, OutboxMessage>(StringComparer.Ordinal);
            foreach (var p in planned)
            {
                if (existing.ContainsKey(p.AnswerKey) || added.ContainsKey(p.AnswerKey))
                {
                    continue;
                }
                p.Sequence = next++;
                added.Add(p.AnswerKey, p);
            }
            db.TradeMessageOutbox.AddRange(added.Values);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                db.ChangeTracker.Clear();
                continue;
            }
            db.ChangeTracker.Clear();
            return planned.Select(p => existing.TryGetValue(p.AnswerKey, out var e) ? OutboxView.Of(e) : OutboxView.Of(added[p.AnswerKey])).ToList();
        }
    }

    /// <summary>The agency's answers after <paramref name="after"/> (a sequence number), oldest first.</summary>
    public static async Task<IReadOnlyList<OutboxView>> OutboxAsync(CordonDb db, Actor actor, long after, int limit, CancellationToken ct)
    {
        if (actor.AgencyId is not { } agency)
        {
            throw new Common.Forbidden("The outbox belongs to an agency: sign in as one of its users.");
        }
        limit = Math.Clamp(limit, 1, 1000);
        var rows = await db.TradeMessageOutbox.AsNoTracking().Where(m => m.OwningAgencyId == agency && m.Sequence > after)
            .OrderBy(m => m.Sequence).Take(limit).ToListAsync(ct);
        return rows.Select(OutboxView.Of).ToList();
    }

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..max];
}
