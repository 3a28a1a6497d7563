package io.pgextra.hibernate.test.conflict;

import static io.pgextra.hibernate.ConflictExpression.excluded;
import static io.pgextra.hibernate.ConflictExpression.existing;
import static io.pgextra.hibernate.ConflictExpression.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import io.pgextra.hibernate.ConflictExpression;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.conflict.model.Tally;
import io.pgextra.hibernate.test.model.Mood;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A constant in {@code set(...)} or {@code where(...)} takes the conversion of the attribute it is assigned to or
 * compared with, as a value in the row does: lossless or rejected before anything is sent, never stored rounded
 * or in another representation.
 */
class ConstantConversionTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Tally.class );

	private static final ConflictTarget NAME = ConflictTarget.attributes( "name" );

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE tally" );
		db.execute( "INSERT INTO tally (id, name, hits, total, mood, label, version) VALUES (1, 'k', 1, 10, 'HAPPY', 'old', 0)" );
	}

	private void set(String attribute, ConflictExpression expression) {
		db.inTransaction( em -> PgExtraEntityManager.of( em ).onConflict( Tally.class, NAME )
				.doUpdate().set( attribute, expression ).insert( Map.of( "name", "k", "hits", 5 ) ) );
	}

	private void rejected(String attribute, ConflictExpression expression, Object value) {
		assertThatThrownBy( () -> set( attribute, expression ) )
				.isInstanceOf( IllegalArgumentException.class )
				.hasMessageContaining( "io.pgextra.hibernate.test.conflict.model.Tally" )
				.hasMessageContaining( "'" + attribute + "'" )
				.hasMessageContaining( value.getClass().getName() )
				.hasMessageContaining( "nothing was written" );
		assertThat( db.rows( "SELECT hits, total, mood, label FROM tally" ) )
				.containsExactly( Map.of( "hits", 1, "total", 10L, "mood", "HAPPY", "label", "old" ) );
	}

	@Test
	void aFractionalConstantForAnIntIsRejectedNotRounded() {
		rejected( "hits", value( 1.7 ), 1.7 );
		rejected( "hits", existing( "hits" ).plus( 1.7 ), 1.7 );
		rejected( "total", value( 2.9 ), 2.9 );
	}

	@Test
	void anOutOfRangeConstantForAnIntIsRejected() {
		rejected( "hits", value( 5_000_000_000L ), 5_000_000_000L );
	}

	@Test
	void aConstantOfAnotherTypeForAnEnumIsRejectedNotStoredAsText() {
		// without the column's CHECK constraint (a schema made by a migration), 1 would be stored as '1'
		db.execute( "ALTER TABLE tally DROP CONSTRAINT IF EXISTS tally_mood_check" );
		rejected( "mood", value( 1 ), 1 );
		rejected( "mood", value( "GRUMPY" ), "GRUMPY" );
		rejected( "mood", ConflictExpression.coalesce( excluded( "mood" ), value( 0 ) ), 0 );
	}

	@Test
	void aConstantInTheConditionIsConvertedLikeTheAttributeItIsComparedWith() {
		assertThatThrownBy( () -> db.inTransaction( em -> PgExtraEntityManager.of( em ).onConflict( Tally.class, NAME )
				.doUpdate().where( existing( "hits" ).lt( value( 1.5 ) ) )
				.insert( Map.of( "name", "k", "hits", 5 ) ) ) )
				.isInstanceOf( IllegalArgumentException.class )
				.hasMessageContaining( "'hits'" )
				.hasMessageContaining( "java.lang.Double" );
		assertThat( db.rows( "SELECT hits FROM tally" ) ).containsExactly( Map.of( "hits", 1 ) );
	}

	@Test
	void losslessConstantsAreConvertedAndStored() {
		set( "total", existing( "total" ).plus( 1 ) );             // an Integer for a Long
		db.inTransaction( em -> PgExtraEntityManager.of( em ).onConflict( Tally.class, NAME )
				.doUpdate().set( "label", value( "new" ) ).where( existing( "total" ).eq( value( 11 ) ) )
				.insert( Map.of( "name", "k", "hits", 5 ) ) );
		set( "mood", value( Mood.GRUMPY ) );
		set( "hits", value( 2.0 ) );                                 // a whole Double for an int
		assertThat( db.rows( "SELECT hits, total, mood, label FROM tally" ) )
				.containsExactly( Map.of( "hits", 2, "total", 11L, "mood", "GRUMPY", "label", "new" ) );
	}

	@Test
	void wholeAndDecimalConstantsAreConvertedForABigDecimal() {
		db.execute( "UPDATE tally SET amount = 1.25" );
		set( "amount", existing( "amount" ).plus( 1 ) );
		set( "amount", existing( "amount" ).plus( 0.5 ) );
		set( "amount", existing( "amount" ).plus( 2L ) );
		assertThat( db.rows( "SELECT amount FROM tally" ) ).containsExactly( Map.of( "amount", new java.math.BigDecimal( "4.75" ) ) );
	}
}
