using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cordon.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class TradeMessages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "trade_message_outbox",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Recipient = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false),
                    InterchangeReference = table.Column<string>(type: "character varying(14)", maxLength: 14, nullable: false),
                    MessageReference = table.Column<string>(type: "character varying(14)", maxLength: 14, nullable: true),
                    DeclarationNumber = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: true),
                    DeclarationId = table.Column<Guid>(type: "uuid", nullable: true),
                    AnswerKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Content = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_trade_message_outbox", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_trade_message_outbox_OwningAgencyId_AnswerKey",
                table: "trade_message_outbox",
                columns: new[] { "OwningAgencyId", "AnswerKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_trade_message_outbox_OwningAgencyId_Sequence",
                table: "trade_message_outbox",
                columns: new[] { "OwningAgencyId", "Sequence" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "trade_message_outbox");
        }
    }
}
