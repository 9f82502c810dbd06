using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cordon.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Federation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "federation_agencies",
                columns: table => new
                {
                    AgencyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PartnerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RemoteId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RemoteCode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_federation_agencies", x => x.AgencyId);
                });

            migrationBuilder.CreateTable(
                name: "federation_agreement_links",
                columns: table => new
                {
                    PartnerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AgreementId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SentState = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_federation_agreement_links", x => new { x.PartnerId, x.AgreementId });
                });

            migrationBuilder.CreateTable(
                name: "federation_copies",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PartnerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecordType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    OriginRecordId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    LocalRecordId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OriginAgencyCode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    AgreementId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Marking = table.Column<int>(type: "INTEGER", nullable: false),
                    Caveats = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    Payload = table.Column<string>(type: "TEXT", nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_federation_copies", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "federation_inbound",
                columns: table => new
                {
                    PartnerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LastSequence = table.Column<long>(type: "INTEGER", nullable: false),
                    LastReceivedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    LastErrorAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_federation_inbound", x => x.PartnerId);
                });

            migrationBuilder.CreateTable(
                name: "federation_outbox",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PartnerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RecordType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    RecordId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    RecordAgencyId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AgreementId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Body = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    AckedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_federation_outbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "federation_partners",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    BaseUrl = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    FederationKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AuditKey = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    OutboxSequence = table.Column<long>(type: "INTEGER", nullable: false),
                    AckedSequence = table.Column<long>(type: "INTEGER", nullable: false),
                    LastSentAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    LastErrorAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_federation_partners", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "federation_sent",
                columns: table => new
                {
                    PartnerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AgreementId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecordType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    RecordId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_federation_sent", x => new { x.PartnerId, x.AgreementId, x.RecordType, x.RecordId });
                });

            migrationBuilder.CreateTable(
                name: "federation_witnesses",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PartnerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TreeSize = table.Column<long>(type: "INTEGER", nullable: false),
                    RootHash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Consistent = table.Column<bool>(type: "INTEGER", nullable: false),
                    Problem = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_federation_witnesses", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_federation_agencies_PartnerId_RemoteCode",
                table: "federation_agencies",
                columns: new[] { "PartnerId", "RemoteCode" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_federation_copies_LocalRecordId",
                table: "federation_copies",
                column: "LocalRecordId");

            migrationBuilder.CreateIndex(
                name: "IX_federation_copies_PartnerId_RecordType_OriginRecordId",
                table: "federation_copies",
                columns: new[] { "PartnerId", "RecordType", "OriginRecordId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_federation_outbox_PartnerId_Sequence",
                table: "federation_outbox",
                columns: new[] { "PartnerId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_federation_partners_Name",
                table: "federation_partners",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_federation_witnesses_PartnerId_Id",
                table: "federation_witnesses",
                columns: new[] { "PartnerId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "federation_agencies");

            migrationBuilder.DropTable(
                name: "federation_agreement_links");

            migrationBuilder.DropTable(
                name: "federation_copies");

            migrationBuilder.DropTable(
                name: "federation_inbound");

            migrationBuilder.DropTable(
                name: "federation_outbox");

            migrationBuilder.DropTable(
                name: "federation_partners");

            migrationBuilder.DropTable(
                name: "federation_sent");

            migrationBuilder.DropTable(
                name: "federation_witnesses");
        }
    }
}
