package io.pgextra.hibernate.test.api;

import static io.pgextra.hibernate.ConflictExpression.excluded;
import static io.pgextra.hibernate.ConflictExpression.existing;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.pgextra.hibernate.ConflictCondition;
import io.pgextra.hibernate.ConflictResult;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.RowOutcome;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.model.Counter;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Arithmetic with constants ({@code times}, {@code divide}) and comparisons with constants, as the seed's update_values and conditions. */
class ExpressionOperatorsTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Counter.class );

	private static final ConflictTarget NAME = ConflictTarget.attributes( "name" );

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE counter" );
		db.execute( "INSERT INTO counter (id, name, hits, revision) VALUES (1, 'a', 7, 5)" );
	}

	@Test
	void timesAndDivideTakeNumbersAndExpressions() {
		db.inTransaction( em -> PgExtraEntityManager.of( em ).onConflict( Counter.class, NAME ).doUpdate()
				// (7 * 3) / 2 = 10 (integer division), + EXCLUDED.hits (4) / 2 = 2
				.set( "hits", existing( "hits" ).times( 3 ).divide( 2 ).plus( excluded( "hits" ).divide( ConflictExpressionsHolder.two() ) ) )
				.set( "revision", existing( "revision" ).times( 2L ) )
				.insert( Map.of( "name", "a", "hits", 4 ) ) );
		assertThat( db.rows( "SELECT hits, revision FROM counter" ) ).containsExactly( Map.of( "hits", 12, "revision", 10L ) );
	}

	/** Keeps the expression form of {@code divide} apart from the Number one in the test above. */
	private static final class ConflictExpressionsHolder {
		static io.pgextra.hibernate.ConflictExpression two() {
			return io.pgextra.hibernate.ConflictExpression.value( 2 );
		}
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({
			"gt 6, true", "gt 7, false", "ge 7, true", "ge 8, false", "lt 8, true", "lt 7, false",
			"le 7, true", "le 6, false", "eq 7, true", "eq 6, false", "ne 6, true", "ne 7, false" })
	void comparisonsWithAConstant(String comparison, boolean updates) {
		String[] parts = comparison.split( " " );
		int constant = Integer.parseInt( parts[1] );
		ConflictCondition condition = switch ( parts[0] ) {
			case "gt" -> existing( "hits" ).gt( constant );
			case "ge" -> existing( "hits" ).ge( constant );
			case "lt" -> existing( "hits" ).lt( constant );
			case "le" -> existing( "hits" ).le( constant );
			case "eq" -> existing( "hits" ).eq( constant );
			default -> existing( "hits" ).ne( constant );
		};
		ConflictResult result = db.fromTransaction( em -> PgExtraEntityManager.of( em ).onConflict( Counter.class, NAME )
				.doUpdate().where( condition ).insertForResult( Map.of( "name", "a", "hits", 99 ) ) );
		assertThat( result.outcome() ).isEqualTo( updates ? RowOutcome.UPDATED : RowOutcome.UNCHANGED );
		assertThat( db.rows( "SELECT hits FROM counter" ) ).containsExactly( Map.of( "hits", updates ? 99 : 7 ) );
	}
}
