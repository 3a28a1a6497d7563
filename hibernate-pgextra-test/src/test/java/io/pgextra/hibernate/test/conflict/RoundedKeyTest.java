package io.pgextra.hibernate.test.conflict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import io.pgextra.hibernate.ConflictAction;
import io.pgextra.hibernate.ConflictResult;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.RowOutcome;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.conflict.model.Priced;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two keys distinct in Java that the key column rounds to one value are one key, as PostgreSQL sees them. */
class RoundedKeyTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Priced.class );

	private static final ConflictTarget PRICE = ConflictTarget.attributes( "price" );

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE priced" );
	}

	private static List<Map<String, Object>> rows(String... prices) {
		return java.util.Arrays.stream( prices )
				.map( p -> Map.<String, Object>of( "price", new BigDecimal( p ), "label", p ) ).toList();
	}

	@Test
	void underNothingTheSecondSharesTheFirstsRow() {
		List<ConflictResult> got = db.fromTransaction( em -> PgExtraEntityManager.of( em )
				.onConflict( Priced.class, PRICE, ConflictAction.NOTHING ).bulkInsertMapsForResults(
						rows( "1.001", "1.002", "2.00", "2.0" ) ) );
		assertThat( got ).extracting( ConflictResult::outcome ).containsExactly(
				RowOutcome.INSERTED, RowOutcome.UNCHANGED, RowOutcome.INSERTED, RowOutcome.UNCHANGED );
		assertThat( got.get( 1 ).id() ).isEqualTo( got.get( 0 ).id() );
		assertThat( got.get( 3 ).id() ).isEqualTo( got.get( 2 ).id() );
		assertThat( db.count( "priced" ) ).isEqualTo( 2 );
	}

	@Test
	void underUpdateTheCallFailsNamingTheKeyAndWritesNothing() {
		Throwable failure = catchThrowable( () -> db.inTransaction( em -> PgExtraEntityManager.of( em )
				.bulkUpsertMaps( Priced.class, PRICE, rows( "3.00", "1.001", "1.002" ) ) ) );
		assertThat( failure ).isInstanceOf( io.pgextra.hibernate.DuplicateConflictKeyException.class );
		assertThat( failure.getMessage() ).contains( "price" );
		assertThat( db.count( "priced" ) ).isZero();
	}
}
