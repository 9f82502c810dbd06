using System.Net;
using System.Net.Http.Headers;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Cases;

/// <summary>Recording a seizure on its page is one action: the seizure and its photos are stored together or not at all.</summary>
public sealed class NewSeizurePageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static MultipartFormDataContent Form(string page, params (string Name, string Type, byte[] Content)[] photos)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(PageSession.AntiforgeryToken(page)), "__RequestVerificationToken" },
            { new StringContent("NL000396"), "Office" },
            { new StringContent("white powder bricks"), "Description" },
            { new StringContent("cocaine"), "Category" },
            { new StringContent("293972"), "HsCode" },
            { new StringContent("12"), "Quantity" },
            { new StringContent("kg"), "Unit" },
            { new StringContent("officer"), "Officers" },
            { new StringContent("Opium Act art. 2"), "LegalBasis" },
            { new StringContent("TLP:AMBER"), "Marking" },
        };
        foreach (var (name, type, content) in photos)
        {
            var file = new ByteArrayContent(content);
            file.Headers.ContentType = new MediaTypeHeaderValue(type);
            form.Add(file, "Photos", name);
        }
        return form;
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_refused_photo_keeps_its_error_on_the_form_and_stores_no_seizure(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var officer = await PageSession.SignInAsync(host, "officer");
        int Seizures()
        {
            using var db = host.Store.Open();
            return db.Seizures.Count();
        }
        var before = Seizures();
        var page = await officer.GetStringAsync("/cases/seizures/new");
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3];

        var refused = await officer.SendAsync(HttpMethod.Post, "/cases/seizures/new",
            Form(page, ("bricks.jpg", "image/jpeg", jpeg), ("label.jpg", "image/jpeg", "not a picture"u8.ToArray())));
        var html = await refused.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("The file&#x27;s content is not image/jpeg.", html, StringComparison.Ordinal);
        Assert.Equal(before, Seizures());
        await using (var db = host.Store.Open())
        {
            Assert.False(await db.SeizureAttachments.AnyAsync(a => a.FileName == "bricks.jpg", Ct));
        }

        var recorded = await officer.SendAsync(HttpMethod.Post, "/cases/seizures/new", Form(page, ("bricks.jpg", "image/jpeg", jpeg)));
        Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
        Assert.Equal(before + 1, Seizures());
        await using (var db = host.Store.Open())
        {
            Assert.True(await db.SeizureAttachments.AnyAsync(a => a.FileName == "bricks.jpg", Ct));
        }
    }
}
