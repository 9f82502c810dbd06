using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Cordon.Storage.Migrations.Postgres
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
                    AgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    PartnerId = table.Column<Guid>(type: "uuid", nullable: false),
                    RemoteId = table.Column<Guid>(type: "uuid", nullable: true),
                    RemoteCode = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_federation_agencies", x => x.AgencyId);
                });

            migrationBuilder.CreateTable(
                name: "federation_agreement_links",
                columns: table => new
                {
                    PartnerId = table.Column<Guid>(type: "uuid", nullable: false),
                    AgreementId = table.Column<Guid>(type: "uuid", nullable: false),
                    SentState = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_federation_agreement_links", x => new { x.PartnerId, x.AgreementId });
                });

            migrationBuilder.CreateTable(
                name: "federation_copies",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PartnerId = table.Column<Guid>(type: "uuid", nullable: false),
                    RecordType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    OriginRecordId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    LocalRecordId = table.Column<Guid>(type: "uuid", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    OriginAgencyCode = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    AgreementId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<int>(type: "integer", nullable: false),
                    Caveats = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    Payload = table.Column<string>(type: "text", nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_federation_copies", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "federation_inbound",
                columns: table => new
                {
                    PartnerId = table.Column<Guid>(type: "uuid", nullable: false),
                    LastSequence = table.Column<long>(type: "bigint", nullable: false),
                    LastReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    LastErrorAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_federation_inbound", x => x.PartnerId);
                });

            migrationBuilder.CreateTable(
                name: "federation_outbox",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PartnerId = table.Column<Guid>(type: "uuid", nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RecordType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    RecordId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    RecordAgencyId = table.Column<Guid>(type: "uuid", nullable: true),
                    AgreementId = table.Column<Guid>(type: "uuid", nullable: true),
                    Body = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AckedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_federation_outbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "federation_partners",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    BaseUrl = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    FederationKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    AuditKey = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    OutboxSequence = table.Column<long>(type: "bigint", nullable: false),
                    AckedSequence = table.Column<long>(type: "bigint", nullable: false),
                    LastSentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NextAttemptAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    LastErrorAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_federation_partners", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "federation_sent",
                columns: table => new
                {
                    PartnerId = table.Column<Guid>(type: "uuid", nullable: false),
                    AgreementId = table.Column<Guid>(type: "uuid", nullable: false),
                    RecordType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    RecordId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_federation_sent", x => new { x.PartnerId, x.AgreementId, x.RecordType, x.RecordId });
                });

            migrationBuilder.CreateTable(
                name: "federation_witnesses",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PartnerId = table.Column<Guid>(type: "uuid", nullable: false),
                    TreeSize = table.Column<long>(type: "bigint", nullable: false),
                    RootHash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    Note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Consistent = table.Column<bool>(type: "boolean", nullable: false),
                    Problem = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
