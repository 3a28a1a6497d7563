package io.pgextra.hibernate.test.conflict;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.pgextra.hibernate.ConflictAction;
import io.pgextra.hibernate.ConflictResult;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.RowOutcome;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.conflict.model.QuotedOrder;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A quoted mixed-case table ("Order"), a reserved-word column (user) with auto_quote_keyword, a mixed-case constraint name. */
class QuotingTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( QuotedOrder.class )
			.property( "hibernate.auto_quote_keyword", "true" );

	private static final ConflictTarget USER = ConflictTarget.attributes( "user" );

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE \"Order\"" );
	}

	@Test
	void quotedTableAndReservedWordColumnUpsertAndInsertAndGet() {
		db.inTransaction( em -> {
			PgExtraEntityManager pg = PgExtraEntityManager.of( em );
			Long a = pg.upsert( QuotedOrder.class, USER, Map.of( "user", "ann", "amount", 1 ) );
			QuotedOrder o = pg.upsertAndGet( QuotedOrder.class, USER, Map.of( "user", "ann", "amount", 2 ) );
			assertThat( o.id ).isEqualTo( a );
			assertThat( o.amount ).isEqualTo( 2 );
		} );
		assertThat( db.rows( "SELECT \"user\", \"Amount\" FROM \"Order\"" ) ).containsExactly( Map.of( "user", "ann", "Amount", 2 ) );
	}

	@Test
	void quotedTableBulkUnderNothingReportsOutcomes() {
		db.inTransaction( em -> PgExtraEntityManager.of( em ).upsert( QuotedOrder.class, USER, Map.of( "user", "bob", "amount", 1 ) ) );
		List<ConflictResult> results = db.fromTransaction( em -> PgExtraEntityManager.of( em )
				.onConflict( QuotedOrder.class, USER, ConflictAction.NOTHING )
				.bulkInsertMapsForResults( List.of( Map.of( "user", "cy", "amount", 1 ), Map.of( "user", "bob", "amount", 9 ) ) ) );
		assertThat( results ).extracting( ConflictResult::outcome ).containsExactly( RowOutcome.INSERTED, RowOutcome.UNCHANGED );
	}

	@Test
	void constraintTargetByTheNameGivenInTheMapping() {
		// @UniqueConstraint(name = "UK_Order_User"): the name as the mapping spells it
		Long a = db.fromTransaction( em -> PgExtraEntityManager.of( em ).upsert( QuotedOrder.class,
				ConflictTarget.constraint( "UK_Order_User" ), Map.of( "user", "dan", "amount", 1 ) ) );
		Long b = db.fromTransaction( em -> PgExtraEntityManager.of( em ).upsert( QuotedOrder.class,
				ConflictTarget.constraint( "UK_Order_User" ), Map.of( "user", "dan", "amount", 2 ) ) );
		assertThat( b ).isEqualTo( a );
	}
}
