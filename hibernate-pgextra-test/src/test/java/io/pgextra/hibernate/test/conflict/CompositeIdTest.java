package io.pgextra.hibernate.test.conflict;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.pgextra.hibernate.ConflictAction;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.conflict.model.OrderLine;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code @IdClass} composite identifiers: attribute names as in JPQL ({@code orderId}, {@code line}). */
class CompositeIdTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( OrderLine.class );

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE orderline" );
	}

	@Test
	void idClassEntityUpsertFromAMapKeyedByItsIdAttributes() {
		db.inTransaction( em -> {
			PgExtraEntityManager pg = PgExtraEntityManager.of( em );
			pg.upsert( OrderLine.class, ConflictTarget.primaryKey(), Map.of( "orderId", 1L, "line", 1, "qty", 5 ) );
			pg.upsert( OrderLine.class, ConflictTarget.primaryKey(), Map.of( "orderId", 1L, "line", 1, "qty", 6 ) );
		} );
		assertThat( db.rows( "SELECT orderid, line, qty FROM orderline" ) )
				.containsExactly( Map.of( "orderid", 1L, "line", 1, "qty", 6 ) );
	}

	@Test
	void idClassEntityUpsertFromAnEntityInstance() {
		OrderLine line = new OrderLine();
		line.orderId = 2L;
		line.line = 1;
		line.qty = 7;
		Object id = db.fromTransaction( em -> PgExtraEntityManager.of( em ).upsert( ConflictTarget.primaryKey(), line ) );
		assertThat( id ).isEqualTo( new OrderLine.Key( 2L, 1 ) );
		assertThat( db.rows( "SELECT qty FROM orderline" ) ).containsExactly( Map.of( "qty", 7 ) );
	}

	@Test
	void idClassEntityBulkInsertAndGetUnderNothing() {
		List<OrderLine> lines = db.fromTransaction( em -> PgExtraEntityManager.of( em )
				.onConflict( OrderLine.class, ConflictTarget.primaryKey(), ConflictAction.NOTHING )
				.bulkInsertMapsAndGet( List.of( Map.of( "orderId", 3L, "line", 1, "qty", 1 ),
						Map.of( "orderId", 3L, "line", 2, "qty", 2 ) ) ) );
		assertThat( lines ).extracting( l -> l.qty ).containsExactly( 1, 2 );
	}
}
