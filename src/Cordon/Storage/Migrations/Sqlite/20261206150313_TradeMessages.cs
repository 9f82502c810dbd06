using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cordon.Storage.Migrations.Sqlite
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Marking = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Recipient = table.Column<string>(type: "TEXT", maxLength: 35, nullable: false),
                    InterchangeReference = table.Column<string>(type: "TEXT", maxLength: 14, nullable: false),
                    MessageReference = table.Column<string>(type: "TEXT", maxLength: 14, nullable: true),
                    DeclarationNumber = table.Column<string>(type: "TEXT", maxLength: 35, nullable: true),
                    DeclarationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AnswerKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Content = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
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
