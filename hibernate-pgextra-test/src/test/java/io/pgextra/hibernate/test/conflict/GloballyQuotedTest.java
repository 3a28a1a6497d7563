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
import io.pgextra.hibernate.test.conflict.model.CamelThing;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code hibernate.globally_quoted_identifiers=true}: every name keeps its case. */
class GloballyQuotedTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( CamelThing.class )
			.property( "hibernate.globally_quoted_identifiers", "true" );

	private static final ConflictTarget NAME = ConflictTarget.attributes( "firstName" );

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE \"CamelThing\"" );
	}

	@Test
	void upsertInsertAndGetAndBulkWithQuotedCamelCaseNames() {
		db.inTransaction( em -> {
			PgExtraEntityManager pg = PgExtraEntityManager.of( em );
			Long a = pg.upsert( CamelThing.class, NAME, Map.of( "firstName", "Ada", "hitCount", 1 ) );
			CamelThing t = pg.upsertAndGet( CamelThing.class, NAME, Map.of( "firstName", "Ada", "hitCount", 2 ) );
			assertThat( t.id ).isEqualTo( a );
			List<ConflictResult> results = pg.onConflict( CamelThing.class, NAME, ConflictAction.NOTHING )
					.bulkInsertMapsForResults( List.of( Map.of( "firstName", "Bo", "hitCount", 1 ), Map.of( "firstName", "Ada", "hitCount", 9 ) ) );
			assertThat( results ).extracting( ConflictResult::outcome ).containsExactly( RowOutcome.INSERTED, RowOutcome.UNCHANGED );
		} );
		assertThat( db.rows( "SELECT \"hitCount\" FROM \"CamelThing\" WHERE \"firstName\" = 'Ada'" ) )
				.containsExactly( Map.of( "hitCount", 2 ) );
	}

	@Test
	void constraintTargetWithAMixedCaseName() {
		Long a = db.fromTransaction( em -> PgExtraEntityManager.of( em ).upsert( CamelThing.class,
				ConflictTarget.constraint( "UK_Camel_Name" ), Map.of( "firstName", "Cy", "hitCount", 1 ) ) );
		Long b = db.fromTransaction( em -> PgExtraEntityManager.of( em ).upsert( CamelThing.class,
				ConflictTarget.constraint( "UK_Camel_Name" ), Map.of( "firstName", "Cy", "hitCount", 2 ) ) );
		assertThat( b ).isEqualTo( a );
	}
}
