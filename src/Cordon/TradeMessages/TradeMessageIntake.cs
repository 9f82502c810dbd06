using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Threading.Channels;
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

/// <summary>
/// What became of an interchange (or several in one file): per message, the envelope errors, and the answers written.
/// <see cref="Messages"/> lists the first results (and refusals beyond them, up to as many again), <see cref="Answers"/>
/// every CONTRL and the CUSRES of the messages listed; <see cref="Unlisted"/> counts the results left out (their
/// answers are in the outbox), so that a file of any size is received in the same memory.
/// </summary>
public sealed record TradeMessageReceipt(int Accepted, int Amended, int Duplicates, int Rejected, IReadOnlyList<TradeMessageResult> Messages,
    IReadOnlyList<InterchangeError> InterchangeErrors, IReadOnlyList<OutboxView> Answers, double Seconds)
{
    /// <summary>The CONTRL reports, one per interchange.</summary>
    public IReadOnlyList<string> Contrl => Answers.Where(a => a.Kind == AnswerKinds.Contrl).Select(a => a.Content).ToList();

    /// <summary>Results not listed in <see cref="Messages"/>.</summary>
    public int Unlisted { get; init; }

    /// <summary>Answers in the outbox for this file, listed or not (those already there from an earlier sending included).</summary>
    public int AnswerCount { get; init; }
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
/// <remarks>
/// Streamed as the CSV import is (<see cref="FileImport"/>): one thread reads, parses, validates and stages batches,
/// the other writes them (on SQLite several batches share a transaction committed about once a second) and, as
/// each commit lands, writes the committed messages' CUSRES. An interchange's CONTRL needs all its messages and its
/// UNZ, so it is written once the interchange has been read to its end: before the CUSRES of its messages that commit
/// with or after it. What is held is the batches in flight, the acknowledgement of each message of an interchange
/// still open (its CONTRL), and the results the receipt lists.
/// </remarks>
public static class TradeMessageIntake
{
    /// <summary>Messages (or bills) validated and written together.</summary>
    public const int BatchSize = 200;

    /// <summary>How many results a receipt lists by default (and as many refusals again); the outbox has every answer.</summary>
    public const int Listed = 1000;

    /// <summary>How records reach the store: a writer of the intake's own (CLI, tests, benchmarks), or the server's group commit.</summary>
    public sealed class Submit
    {
        internal StorageSetup.StoreSettings? Store { get; private init; }
        internal IntakeService? Service { get; private init; }

        internal static Submit Of(StorageSetup.StoreSettings store) => new() { Store = store };
        internal static Submit Of(IntakeService service) => new() { Service = service };
    }

    public static Submit Through(StorageSetup.StoreSettings store) => Submit.Of(store);

    public static Submit Through(IntakeService service) => Submit.Of(service);

    private sealed record Done(AnsweredMessage Answered, TradeMessageResult Result, string? DocumentCode, IReadOnlyList<EdifactError> SyntaxErrors);

    /// <summary>One record of a message on its way to the intake: a CUSDEC's declaration or a CUSCAR's bill.</summary>
    private sealed class Record
    {
        public Candidate<DeclarationInput>? Declaration { get; set; }
        public Candidate<ConsignmentInput>? Consignment { get; init; }
        public CuscarBill? Bill { get; init; }
        public StagedRecord? Staged { get; set; }
        /// <summary>A replacement: staged by the writer's side once it knows whether Cordon holds the original.</summary>
        public bool Replacement { get; init; }
        /// <summary>The reader's errors handed to the intake as field errors, not to be reported twice.</summary>
        public HashSet<(string, string)>? Injected { get; set; }
        public RecordResult? Result { get; set; }
    }

    private sealed class Parsed
    {
        public required EdifactMessage Message { get; init; }
        public required AnsweredMessage Answered { get; init; }
        public required IReadOnlyList<EdifactError> Syntax { get; init; }
        public string? DocumentCode { get; init; }
        public CusdecMessage? Cusdec { get; init; }
        public CuscarMessage? Cuscar { get; init; }
        public List<Record> Records { get; } = [];
    }

    /// <summary>An interchange read to its end: what its CONTRL needs.</summary>
    private sealed record Closed(EdifactInterchange Interchange, int Index, IReadOnlyList<EdifactError> Envelope, IReadOnlyList<(AnsweredMessage, IReadOnlyList<EdifactError>)> Messages);

    private sealed class Batch
    {
        public bool Consignments { get; set; }
        public List<Parsed> Messages { get; } = [];
        public int Records { get; set; }
        public List<Closed> Closed { get; } = [];
        public long Bytes { get; set; }
        /// <summary>Filled once written: each record's result, and whether the receipt lists it.</summary>
        public List<(TradeMessageResult Result, IntakeOutcome Outcome, bool Listed)> Done { get; } = [];
        /// <summary>The answers written with the batch (or found stored), by key; the view when known without reading it back.</summary>
        public List<(string Key, OutboxView? View, bool Listed)> Answers { get; } = [];
    }

    /// <param name="input">A seekable stream (a file, or an upload spooled to one): it is hashed before it is read.</param>
    /// <param name="listed">How many message results the receipt lists (refusals: as many again); every answer is in the outbox.</param>
    public static async Task<TradeMessageReceipt> ReceiveAsync(Stream input, CordonDb db, Submit submit, IntakeContext context, TimeProvider time,
        Action<TradeMessageProgress>? progress, CancellationToken ct, int listed = Listed)
    {
        var clock = Stopwatch.StartNew();
        var sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(input, ct));
        input.Position = 0;
        using var text = EdifactText.Open(input, leaveOpen: true);
        var reader = new EdifactReader(text);
        // Whole milliseconds: what PostgreSQL (microseconds) and SQLite give back is then what was written.
        var now = time.GetUtcNow();
        now = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
        var from = await db.Agencies.Where(a => a.Id == context.AgencyId).Select(a => a.Code).SingleOrDefaultAsync(ct)
            ?? throw new Common.NotFound($"No agency {context.AgencyId} to answer for.");

        var channel = Channel.CreateBounded<Batch>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var producer = Task.Run(() => ReadAsync(reader, input, context, channel.Writer, stop.Token), CancellationToken.None);

        var summary = new IntakeSummary();
        var declarations = new IntakeSummary();
        var consignments = new IntakeSummary();
        var results = new List<TradeMessageResult>();
        var unlisted = 0;
        var rejectedListed = 0;
        var listedCount = 0;
        var answers = new List<OutboxView>();
        var answerCount = 0;
        var messagesDone = 0;
        var closed = new Dictionary<EdifactInterchange, Closed>(ReferenceEqualityComparer.Instance);
        var answeredInterchanges = new HashSet<EdifactInterchange>(ReferenceEqualityComparer.Instance);
        var uncommitted = new List<Batch>();
        // CUSRES of an interchange not yet read to its end wait (a bounded number of them) for its CONTRL, which comes first.
        var waiting = new List<(EdifactInterchange Interchange, OutboxMessage Answer, bool Listed)>();
        var lastCommit = Stopwatch.GetTimestamp();
        var lastBytes = 0L;
        IntakeWriter? writer = submit.Store is { } store ? await IntakeWriter.OpenAsync(store, ct) : null;
        try
        {
            await foreach (var batch in channel.Reader.ReadAllAsync(ct))
            {
                if (batch.Messages.Any(m => m.Records.Any(r => r.Replacement)))
                {
                    // Whether the original is held is asked of the store: what is written so far must be committed.
                    await CommitAsync();
                    foreach (var r in batch.Messages.SelectMany(m => m.Records).Where(r => r.Replacement))
                    {
                        if (!await HeldAsync(db, context, r.Declaration!.Input!, ct))
                        {
                            r.Declaration.Errors.Add("number", "a replacement (message function 5) of a declaration Cordon does not hold: send the original (9) first.");
                        }
                        r.Staged = Intake.StageDeclaration(r.Declaration, context);
                    }
                }
                var records = batch.Messages.SelectMany(m => m.Records).ToList();
                if (records.Count > 0)
                {
                    var prepared = new Intake.PreparedBatch();
                    foreach (var r in records)
                    {
                        if (r.Declaration is { } d)
                        {
                            prepared.Add(d, r.Staged, IntakeKind.Declaration, context);
                        }
                        else
                        {
                            prepared.Add(r.Consignment!, r.Staged, IntakeKind.Consignment, context);
                        }
                    }
                    var shape = batch.Consignments ? Intake.ConsignmentShape : Intake.DeclarationShape;
                    if (writer is not null)
                    {
                        // SQLite: the batch and its answers share the open transaction, committed about once a second.
                        await writer.WriteAsync(shape, prepared.Staged, prepared.Quarantine, ct, commit: !writer.GroupsBatches);
                        Assign(records, prepared.Results());
                    }
                    else
                    {
                        Assign(records, await submit.Service!.SubmitAsync(shape, prepared, ct));
                    }
                }
                await AnswerAsync(batch);
                // Until its commit a batch needs only its results and listed answers, not the messages it was read from.
                batch.Messages.Clear();
                uncommitted.Add(batch);
                if (writer is null || !writer.GroupsBatches || Stopwatch.GetElapsedTime(lastCommit) >= FileImport.CommitEvery)
                {
                    await CommitAsync();
                }
            }
            await CommitAsync();
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await producer;
            }
            catch (OperationCanceledException)
            {
            }
            if (writer is not null)
            {
                await writer.DisposeAsync();
            }
        }

        // The answers of a batch just written: CUSRES per record, the CONTRL of each interchange read to its end before them.
        async Task AnswerAsync(Batch batch)
        {
            var planned = new List<(OutboxMessage Answer, bool Listed)>();
            void Contrl(Closed c)
            {
                if (!answeredInterchanges.Add(c.Interchange))
                {
                    return;
                }
                var interchange = c.Interchange;
                var acknowledged = c.Messages.Any(m => m.Item2.Count == 0);
                var state = c.Envelope.Count == 0 && c.Messages.All(m => m.Item2.Count == 0) ? AnswerStates.Acknowledged : AnswerStates.Rejected;
                var key = AnswerKeys.Of(AnswerKinds.Contrl, interchange.Sender ?? "", interchange.ControlReference, sha, c.Index.ToString(CultureInfo.InvariantCulture));
                planned.Add((Answer(context, now, AnswerKinds.Contrl, state, interchange, null, null, null, key,
                    ControlReport.Write(from, interchange, c.Envelope, c.Messages, acknowledged, now, AnswerKeys.Reference(key))), true));
                closed.Remove(interchange);
                // Its messages' answers that waited for it come right after it.
                planned.AddRange(waiting.Where(w => ReferenceEquals(w.Interchange, interchange)).Select(w => (w.Answer, w.Listed)));
                waiting.RemoveAll(w => ReferenceEquals(w.Interchange, interchange));
            }
            foreach (var c in batch.Closed)
            {
                closed[c.Interchange] = c;
            }
            foreach (var m in batch.Messages)
            {
                if (closed.TryGetValue(m.Message.Interchange, out var c))
                {
                    Contrl(c);
                }
                foreach (var done in Results(m))
                {
                    var outcome = Outcome(done.Result.Outcome);
                    var list = listedCount < listed || (outcome == IntakeOutcome.Rejected && rejectedListed < listed);
                    if (list)
                    {
                        listedCount++;
                        rejectedListed += outcome == IntakeOutcome.Rejected ? 1 : 0;
                    }
                    batch.Done.Add((done.Result, outcome, list));
                    if (done.SyntaxErrors.Count == 0)
                    {
                        var answer = Cusres(context, from, now, done);
                        if (answeredInterchanges.Contains(m.Message.Interchange))
                        {
                            planned.Add((answer, list));
                        }
                        else
                        {
                            waiting.Add((m.Message.Interchange, answer, list));
                        }
                    }
                }
            }
            // Interchanges read to their end whose messages all came earlier (or that had none).
            foreach (var c in batch.Closed.Where(c => closed.ContainsKey(c.Interchange)))
            {
                Contrl(c);
            }
            if (waiting.Count >= BatchSize)
            {
                // A long interchange does not hold its answers until its end: its CONTRL then comes after them.
                planned.AddRange(waiting.Select(w => (w.Answer, w.Listed)));
                waiting.Clear();
            }
            var messages = planned.Select(p => p.Answer).ToList();
            if (writer is not null)
            {
                var written = await writer.AppendAnswersAsync(context.AgencyId, messages, ct);
                batch.Answers.AddRange(planned.Select((p, i) => (p.Answer.AnswerKey, written[i] && p.Listed ? OutboxView.Of(p.Answer) : null, p.Listed)));
            }
            else
            {
                var stored = await OutboxAsync(db, context.AgencyId, messages, ct);
                batch.Answers.AddRange(planned.Select((p, i) => (p.Answer.AnswerKey, p.Listed ? stored[i] : null, p.Listed)));
            }
        }

        // The batches just committed: their records count now, and the receipt lists the first of them.
        async Task CommitAsync()
        {
            if (writer is not null)
            {
                await writer.CommitAsync();
            }
            lastCommit = Stopwatch.GetTimestamp();
            if (uncommitted.Count == 0)
            {
                return;
            }
            foreach (var batch in uncommitted)
            {
                lastBytes = batch.Bytes;
                foreach (var (result, outcome, list) in batch.Done)
                {
                    messagesDone++;
                    summary.Add(outcome);
                    (result.Type == "CUSCAR" ? consignments : declarations).Add(outcome);
                    if (list)
                    {
                        results.Add(result);
                    }
                    else
                    {
                        unlisted++;
                    }
                }
            }
            var shown = uncommitted.SelectMany(b => b.Answers).ToList();
            answerCount += shown.Count;
            // Answers found already in the outbox (the interchange sent again) are shown as stored.
            var found = shown.Where(a => a.Listed && a.View is null).Select(a => a.Key).ToList();
            var stored = found.Count == 0 ? [] : await db.TradeMessageOutbox.AsNoTracking()
                .Where(m => m.OwningAgencyId == context.AgencyId && found.Contains(m.AnswerKey)).ToDictionaryAsync(m => m.AnswerKey, ct);
            answers.AddRange(shown.Where(a => a.Listed).Select(a => a.View ?? OutboxView.Of(stored[a.Key])));
            uncommitted.Clear();
            progress?.Invoke(new TradeMessageProgress(lastBytes, messagesDone, (int)summary.Rejected, clock.Elapsed.TotalSeconds));
        }

        var envelope = reader.Errors.Select(e => new InterchangeError(e.Interchange, TradeMessageError.Of(e))).ToList();
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
        return new TradeMessageReceipt((int)summary.Accepted, (int)summary.Amended, (int)summary.Duplicates, (int)summary.Rejected, results, envelope, answers,
            Math.Round(clock.Elapsed.TotalSeconds, 3)) { Unlisted = unlisted, AnswerCount = answerCount };
    }

    /// <summary>
    /// The reading side: messages read, dispatched by type (UNH 0065), turned into intake candidates and staged, in
    /// batches of one record shape; each batch carries the interchanges read to their end before it was sent.
    /// </summary>
    private static async Task ReadAsync(EdifactReader reader, Stream input, IntakeContext context, ChannelWriter<Batch> channel, CancellationToken ct)
    {
        try
        {
            var batch = new Batch();
            var index = 0;
            var reported = 0;
            var acknowledgements = new List<(AnsweredMessage, IReadOnlyList<EdifactError>)>();
            async Task SendAsync(bool consignments)
            {
                // Every interchange before the one being read is complete (its UNZ, or its truncation, has been seen).
                CloseUpTo(reader.Interchanges.Count - 1);
                if (batch.Records > 0 || batch.Messages.Count > 0 || batch.Closed.Count > 0)
                {
                    batch.Bytes = input.Position;
                    await channel.WriteAsync(batch, ct);
                }
                batch = new Batch { Consignments = consignments };
            }
            void CloseUpTo(int count)
            {
                for (; reported < count; reported++)
                {
                    var interchange = reader.Interchanges[reported];
                    var mine = acknowledgements.Where(a => ReferenceEquals(a.Item1.Interchange, interchange)).ToList();
                    acknowledgements.RemoveAll(a => ReferenceEquals(a.Item1.Interchange, interchange));
                    batch.Closed.Add(new Closed(interchange, reported, reader.Errors.Where(e => e.Interchange == interchange.ControlReference).ToList(), mine));
                }
            }
            foreach (var message in reader.Messages())
            {
                ct.ThrowIfCancellationRequested();
                if (message.Type != "CUSDEC" && message.Type != "CUSCAR")
                {
                    message.At(message.Segments[0], $"a {message.Type} message: Cordon reads CUSDEC and CUSCAR here.", 2, 1, syntaxCode: 12);
                }
                var consignments = message.Type == "CUSCAR";
                if (consignments != batch.Consignments)
                {
                    // A batch holds records of one shape.
                    if (batch.Records > 0)
                    {
                        await SendAsync(consignments);
                    }
                    batch.Consignments = consignments;
                }
                var answered = new AnsweredMessage(message.Interchange, message.Number, message.Reference, message.Type, message.Version, message.Release, message.Agency,
                    AnswerKeys.Of(message.Segments));
                // Content readers add the message's syntax errors (unknown segments) as they read.
                var cuscar = consignments ? CuscarReader.Read(message) : null;
                var cusdec = consignments ? null : CusdecReader.Read(message);
                IReadOnlyList<EdifactError> syntax = message.Errors.Count == 0 ? [] : message.Errors.Where(e => e.SyntaxCode is not null).ToList();
                // One UCM per message; its CONTRL needs no more of it than this.
                acknowledgements.Add((answered with { ContentHash = "" }, syntax));
                var parsed = cuscar is not null ? Manifest(cuscar, answered, syntax, context, ref index) : Declaration(cusdec!, answered, syntax, context, ref index);
                batch.Messages.Add(parsed);
                batch.Records += parsed.Records.Count;
                if (batch.Records >= BatchSize)
                {
                    await SendAsync(batch.Consignments);
                }
            }
            CloseUpTo(reader.Interchanges.Count);
            await SendAsync(false);
            channel.Complete();
        }
        catch (Exception e)
        {
            channel.Complete(e);
        }
    }

    private static Parsed Declaration(CusdecMessage m, AnsweredMessage answered, IReadOnlyList<EdifactError> syntax, IntakeContext context, ref int index)
    {
        var message = m.Message;
        var bgm = message.Segments.FirstOrDefault(s => s.Tag == "BGM");
        var parsed = new Parsed { Message = message, Answered = answered, Syntax = syntax, DocumentCode = bgm?.Value(1, 1), Cusdec = m };
        if (m.Declaration is null)
        {
            return parsed;
        }
        var position = $"interchange {message.Interchange.ControlReference}, UNH {message.Number} ({message.Reference})";
        var ordinal = index++;
        // The message's text is the quarantine's copy of a refused record: made only for a record that may be refused.
        Candidate<DeclarationInput> Candidate(bool raw) => new()
        {
            Index = ordinal,
            Position = position,
            Input = m.Declaration,
            Raw = raw ? string.Join('\n', message.Segments) : "",
            Number = m.Declaration.Number,
        };
        var replacement = m.Function == MessageFunction.Replacement && message.Errors.Count == 0;
        var candidate = Candidate(raw: replacement || message.Errors.Count > 0);
        var record = new Record { Declaration = candidate, Replacement = replacement };
        foreach (var e in message.Errors)
        {
            // Content errors refuse the record in the intake too (and go to quarantine with it), under their field.
            var field = FieldAt(m, e) ?? "";
            var text = $"{e.Tag} element {e.Element}{(e.Component is { } c ? $".{c}" : "")}: {e.Text}";
            candidate.Errors.Add(field, text);
            (record.Injected ??= []).Add((field, text));
        }
        if (!replacement)
        {
            record.Staged = Intake.StageDeclaration(candidate, context);
            if (record.Staged is null && candidate.Raw.Length == 0)
            {
                var refused = Candidate(raw: true);
                refused.Errors.AddAll(candidate.Errors);
                record.Declaration = refused;
            }
        }
        parsed.Records.Add(record);
        return parsed;
    }

    /// <summary>The bills of a CUSCAR are the records: each lands or is refused on its own, the message's errors refuse them all.</summary>
    private static Parsed Manifest(CuscarMessage m, AnsweredMessage answered, IReadOnlyList<EdifactError> syntax, IntakeContext context, ref int index)
    {
        var message = m.Message;
        var parsed = new Parsed { Message = message, Answered = answered, Syntax = syntax, DocumentCode = m.DocumentCode, Cuscar = m };
        if (m.SyntaxRefused || m.Bills.Count == 0)
        {
            return parsed;
        }
        var shared = message.Errors.Where(e => e.SyntaxCode is null).ToList();
        foreach (var bill in m.Bills)
        {
            var candidate = new Candidate<ConsignmentInput>
            {
                Index = index++,
                Position = $"interchange {message.Interchange.ControlReference}, UNH {message.Number} ({message.Reference}), bill {bill.Number} (segment {bill.Cni.Position} CNI)",
                Input = bill.Input,
                Raw = string.Join('\n', bill.Segments),
                Number = bill.Input.Reference,
            };
            var record = new Record { Consignment = candidate, Bill = bill };
            foreach (var e in shared.Concat(bill.Errors))
            {
                var field = EdifactPlaces.FieldAt(bill.Places, e) ?? "";
                var text = $"{e.Tag} element {e.Element}{(e.Component is { } c ? $".{c}" : "")}: {e.Text}";
                candidate.Errors.Add(field, text);
                (record.Injected ??= []).Add((field, text));
            }
            record.Staged = Intake.StageConsignment(candidate, context);
            parsed.Records.Add(record);
        }
        return parsed;
    }

    private static void Assign(List<Record> records, IReadOnlyList<RecordResult> results)
    {
        for (var i = 0; i < records.Count; i++)
        {
            records[i].Result = results[i];
        }
    }

    /// <summary>What became of a message: one result for a CUSDEC (or a message refused whole), one per bill for a CUSCAR.</summary>
    private static IEnumerable<Done> Results(Parsed p)
    {
        var message = p.Message;
        var function = (p.Cusdec?.Function ?? p.Cuscar!.Function) == MessageFunction.Replacement ? "replacement" : "original";
        if (p.Cuscar is { } cuscar)
        {
            if (p.Records.Count == 0)
            {
                yield return new Done(p.Answered, new TradeMessageResult(message.Interchange.ControlReference, message.Number, message.Reference, message.Type, null, function,
                    DeclarationEndpoints.Name(IntakeOutcome.Rejected), null, null, message.Errors.Select(e => TradeMessageError.Of(e)).ToList()), p.DocumentCode, p.Syntax);
                yield break;
            }
            var shared = message.Errors.Where(e => e.SyntaxCode is null).ToList();
            foreach (var record in p.Records)
            {
                var bill = record.Bill!;
                var r = record.Result!;
                var errors = shared.Concat(bill.Errors).Select(e => TradeMessageError.Of(e, EdifactPlaces.FieldAt(bill.Places, e))).ToList();
                errors.AddRange(IntakeErrors(r, record, bill.PlaceOf));
                var stored = r.Outcome != IntakeOutcome.Rejected;
                yield return new Done(p.Answered, new TradeMessageResult(message.Interchange.ControlReference, message.Number, message.Reference, message.Type, null, function,
                    DeclarationEndpoints.Name(r.Outcome), null, r.Version, errors, bill.Input.Reference ?? bill.Cni.Value(2, 1), stored ? r.Id : null), cuscar.DocumentCode, []);
            }
            yield break;
        }
        var m = p.Cusdec!;
        var errorsOf = message.Errors.Select(e => TradeMessageError.Of(e, FieldAt(m, e))).ToList();
        string outcome;
        Guid? id = null;
        int? version = null;
        if (p.Records.SingleOrDefault() is { Result: { } result } one)
        {
            outcome = DeclarationEndpoints.Name(result.Outcome);
            id = result.Id;
            version = result.Version;
            errorsOf.AddRange(IntakeErrors(result, one, m.PlaceOf));
        }
        else
        {
            outcome = DeclarationEndpoints.Name(IntakeOutcome.Rejected);
        }
        var number = m.Declaration?.Number ?? message.Segments.FirstOrDefault(s => s.Tag == "BGM")?.Value(2, 1);
        yield return new Done(p.Answered, new TradeMessageResult(message.Interchange.ControlReference, message.Number, message.Reference, message.Type, number,
            function, outcome, id, version, errorsOf), p.DocumentCode, p.Syntax);
    }

    /// <summary>The intake's own errors (validation), placed at the segment and element that carried the field.</summary>
    private static IEnumerable<TradeMessageError> IntakeErrors(RecordResult r, Record record, Func<string, EdifactPlace?> placeOf)
    {
        foreach (var (field, texts) in r.Errors ?? new Dictionary<string, string[]>())
        {
            foreach (var t in texts.Where(t => record.Injected?.Contains((field, t)) != true))
            {
                var place = placeOf(field);
                yield return new TradeMessageError(place?.Segment.Position, place?.Segment.Tag, place?.Element, place?.Component, place?.Segment.Line, field, null, t);
            }
        }
    }

    private static IntakeOutcome Outcome(string name) => name switch
    {
        "accepted" => IntakeOutcome.Accepted,
        "amended" => IntakeOutcome.Amended,
        "duplicate" => IntakeOutcome.Duplicate,
        _ => IntakeOutcome.Rejected,
    };

    private static OutboxMessage Cusres(IntakeContext context, string from, DateTimeOffset now, Done m)
    {
        var r = m.Result;
        var interchange = m.Answered.Interchange;
        var sender = interchange.Sender ?? "";
        var accepted = r.Outcome != "rejected";
        var state = accepted ? AnswerStates.Accepted : AnswerStates.Rejected;
        // A CUSCAR is answered per bill: the bill's reference is part of what is answered.
        string?[] parts = r.Bill is null
            ? [AnswerKinds.Cusres, sender, interchange.ControlReference, r.Reference, m.Answered.ContentHash, state]
            : [AnswerKinds.Cusres, sender, interchange.ControlReference, r.Reference, m.Answered.ContentHash, r.Bill, state];
        var key = AnswerKeys.Of(parts);
        var document = r.Bill ?? r.DeclarationNumber;
        var record = r.Bill is null ? r.DeclarationId : r.ConsignmentId;
        if (interchange.Sender is not { Length: > 0 and <= OutboxLimits.Recipient } || interchange.ControlReference.Length > OutboxLimits.Reference
            || r.Reference.Length > OutboxLimits.Reference || document?.Length > DeclarationLimits.Number || m.DocumentCode?.Length > OutboxLimits.DocumentCode
            || from.Length > OutboxLimits.Recipient)
        {
            // What the columns would cut (or an absent sender, answered as UNKNOWN) could not make the same text again: kept as written.
            return Answer(context, now, AnswerKinds.Cusres, state, interchange, r.Reference, document, accepted ? r.DeclarationId : null, key,
                CustomsResponse.Write(from, m.Answered, m.DocumentCode, document, accepted ? record : null, r.Version, r.Errors, now, AnswerKeys.Reference(key)));
        }
        // Stored as what it is made from; its text is made when the outbox is read (OutboxMessage.Content).
        var answer = Answer(context, now, AnswerKinds.Cusres, state, interchange, r.Reference, document, accepted ? r.DeclarationId : null, key, null);
        answer.AnsweredBy = from;
        (answer.SyntaxIdentifier, answer.SyntaxVersion) = EdifactWriter.Level(interchange.SyntaxIdentifier, interchange.SyntaxVersion);
        answer.DocumentCode = m.DocumentCode;
        answer.ConsignmentId = accepted && r.Bill is not null ? record : null;
        answer.Version = r.Version;
        answer.Errors = AnswerErrors.Write(r.Errors);
        return answer;
    }

    private static async Task<bool> HeldAsync(CordonDb db, IntakeContext context, DeclarationInput declaration, CancellationToken ct)
    {
        // Normalise the key as validation will (upper-case codes, trimmed), then look for it.
        var copy = new DeclarationInput { Office = declaration.Office, Declarant = declaration.Declarant, Number = declaration.Number, Kind = declaration.Kind };
        DeclarationValidation.Validate(copy, new RecordErrors(), context.Today);
        return await db.Declarations.AnyAsync(d => d.OwningAgencyId == context.AgencyId
            && d.Office == copy.Office && d.Declarant == copy.Declarant && d.Number == copy.Number, ct);
    }

    private static string? FieldAt(CusdecMessage m, EdifactError e) => EdifactPlaces.FieldAt(m.Places, e);

    private static OutboxMessage Answer(IntakeContext context, DateTimeOffset now, string kind, string state, EdifactInterchange interchange, string? message,
        string? number, Guid? declaration, string key, string? content) => new()
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
        StoredContent = content,
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
