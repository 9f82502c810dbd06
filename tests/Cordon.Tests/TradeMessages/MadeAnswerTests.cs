using Cordon.Edifact;
using Cordon.Tests.Declarations;
using Cordon.Tests.Support;
using Cordon.TradeMessages;

namespace Cordon.Tests.TradeMessages;

/// <summary>
/// The CUSRES of the intake are stored as what they are made from and made into text when read (decision 021, round 4):
/// the text read is the one the answer was written as, and answers stored with their text (before, or CONTRL) keep it.
/// </summary>
public sealed class MadeAnswerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_CUSRES_is_stored_without_its_text_and_read_as_the_text_written_for_the_same_answer(string kind)
    {
        await using var s = await TradeMessageIntakeTests.StoreAsync(kind);
        var text = CusdecSamples.Interchange("IC0400", SenderStyle.Broker,
            new() { Reference = "M1", Number = "24NL0000000000401" },
            new() { Reference = "M2", Number = "24NL0000000000402", Items = 9, Tariff = n => n == 7 ? "8517990000" : "8517130000" });
        var receipt = await TradeMessageIntakeTests.ReceiveAsync(s, text, SenderStyle.Broker);
        Assert.Equal((1, 1), (receipt.Accepted, receipt.Rejected));

        await using var input = CusdecSamples.Stream(text, SenderStyle.Broker);
        using var reader = EdifactText.Open(input, leaveOpen: false);
        var messages = new EdifactReader(reader).Messages().ToList();
        var outbox = await TradeMessageIntakeTests.OutboxAsync(s);
        var contrl = outbox.Single(m => m.Kind == AnswerKinds.Contrl);
        Assert.NotNull(contrl.StoredContent);
        foreach (var answer in outbox.Where(m => m.Kind == AnswerKinds.Cusres))
        {
            Assert.Null(answer.StoredContent);
            var message = messages.Single(m => m.Reference == answer.MessageReference);
            var result = receipt.Messages.Single(r => r.Reference == answer.MessageReference);
            var written = CustomsResponse.Write("NCA", new AnsweredMessage(message.Interchange, message.Number, message.Reference, message.Type, message.Version,
                    message.Release, message.Agency, ""), "929", result.DeclarationNumber, result.DeclarationId, result.Version, result.Errors, answer.CreatedAt,
                "C" + answer.AnswerKey[..13].ToUpperInvariant());
            Assert.Equal(written, answer.Content);
            Assert.Equal(written, receipt.Answers.Single(a => a.Message == answer.MessageReference).Content);
        }
        var refused = outbox.Single(m => m.MessageReference == "M2");
        Assert.Contains("ERP+:7+CST:", refused.Content, StringComparison.Ordinal);
        Assert.Contains("items[6].hsCode", refused.Content, StringComparison.Ordinal);
        Assert.Null(outbox.Single(m => m.MessageReference == "M1").Errors);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task An_answer_stored_with_its_text_as_before_is_read_and_listed_as_that_text(string kind)
    {
        await using var s = await TradeMessageIntakeTests.StoreAsync(kind);
        const string Text = "UNA:+.? '\nUNB+UNOC:3+NCA+NL123456789+260101:1200+COLD0000000001'\nUNH+1+CUSRES:D:96B:UN'\nBGM+929+24NL0000000000409+29'\nUNT+3+1'\nUNZ+1+COLD0000000001'\n";
        await using (var db = s.Open())
        {
            db.TradeMessageOutbox.Add(new OutboxMessage
            {
                OwningAgencyId = Samples.Agency, Sequence = 1, Kind = AnswerKinds.Cusres, State = AnswerStates.Accepted, Recipient = "NL123456789",
                InterchangeReference = "IC0409", MessageReference = "M1", AnswerKey = new string('a', 64), Content = Text, CreatedAt = TestClock.Now,
            });
            await db.SaveChangesAsync(Ct);
        }
        var stored = Assert.Single(await TradeMessageIntakeTests.OutboxAsync(s));
        Assert.Equal(Text, stored.Content);
        Assert.Null(stored.AnsweredBy);
        await using (var db = s.Open())
        {
            var listed = await TradeMessageIntake.OutboxAsync(db, new Cordon.Identity.Actor(null, Samples.Agency, Cordon.Identity.Roles.None, "declarant's system", Cordon.Identity.ActorKind.ApiKey), 0, 10, Ct);
            Assert.Equal(Text, Assert.Single(listed).Content);
        }
    }
}
