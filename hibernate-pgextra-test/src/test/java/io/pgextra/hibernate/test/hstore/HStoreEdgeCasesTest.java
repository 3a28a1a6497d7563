package io.pgextra.hibernate.test.hstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pgextra.hibernate.ConflictAction;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.hstore.model.R2Keys;
import io.pgextra.hibernate.test.hstore.model.R2Owner;
import io.pgextra.hibernate.test.hstore.model.R2PrefixA;
import io.pgextra.hibernate.test.hstore.model.R2PrefixB;
import io.pgextra.hibernate.test.hstore.model.R2Props;

import org.hibernate.exception.ConstraintViolationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Edge cases: hstore constraint names, element collections and dirty checking. */
class HStoreEdgeCasesTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( R2Keys.class, R2PrefixA.class, R2PrefixB.class,
			R2Owner.class, R2Props.class );

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE r2_keys, r2_p, r2_p_q, r2_owner, r2_owner_props" );
	}

	private List<String> indexNames(String table) {
		return db.rows( "SELECT indexname FROM pg_indexes WHERE schemaname = ? AND tablename = ? ORDER BY 1",
				db.schema(), table ).stream().map( r -> (String) r.get( "indexname" ) ).toList();
	}

	// ------------------------------------------------------------------ names

	/**
	 * README: "The same declaration always gets the same name; different keys never share one."
	 * {@code @HStoreUnique({"a", "b"})} and {@code @HStoreUnique("a_b")} are both named r2_keys_attrs_unique_a_b.
	 */
	@Test
	void uniqueTogetherAndAnUnderscoredKeyGetTwoIndexes() {
		// pkey + {a,b} + a_b + EN + en
		assertThat( indexNames( "r2_keys" ) ).hasSize( 5 );
	}

	@Test
	void theKeyAUnderscoreBIsUniqueOnItsOwn() {
		db.inTransaction( em -> em.persist( new R2Keys( Map.of( "a_b", "x" ) ) ) );
		assertThatThrownBy( () -> db.inTransaction( em -> {
			em.persist( new R2Keys( Map.of( "a_b", "x" ) ) );
			em.flush();
		} ) ).isInstanceOf( ConstraintViolationException.class );
	}

	@Test
	void theKeyAUnderscoreBIsAConflictTarget() {
		Long first = db.fromTransaction( em -> PgExtraEntityManager.of( em )
				.onConflict( R2Keys.class, ConflictTarget.hstoreKey( "attrs", "a_b" ), ConflictAction.NOTHING )
				.insert( Map.of( "attrs", Map.of( "a_b", "x" ) ) ) );
		Long second = db.fromTransaction( em -> PgExtraEntityManager.of( em )
				.onConflict( R2Keys.class, ConflictTarget.hstoreKey( "attrs", "a_b" ), ConflictAction.NOTHING )
				.insert( Map.of( "attrs", Map.of( "a_b", "x" ) ) ) );
		assertThat( second ).isEqualTo( first );
	}

	/** Keys differing only by case get indexes of their own (regression). */
	@Test
	void keysDifferingOnlyByCaseAreSeparatelyUnique() {
		db.inTransaction( em -> em.persist( new R2Keys( Map.of( "EN", "x", "en", "y" ) ) ) );
		db.inTransaction( em -> em.persist( new R2Keys( Map.of( "EN", "y", "en", "x" ) ) ) );
		assertThatThrownBy( () -> db.inTransaction( em -> {
			em.persist( new R2Keys( Map.of( "EN", "x" ) ) );
			em.flush();
		} ) ).isInstanceOf( ConstraintViolationException.class );
	}

	/**
	 * Index names are unique per schema in PostgreSQL. Table r2_p + column q_r and table r2_p_q + column r both give
	 * r2_p_q_r_unique_k; the second CREATE INDEX fails (Hibernate's create ignores the error) and its table has no
	 * unique index.
	 */
	@Test
	void twoTablesWhoseNamesRunTogetherBothGetTheirIndex() {
		assertThat( indexNames( "r2_p" ) ).as( "indexes of r2_p" ).hasSize( 2 );
		assertThat( indexNames( "r2_p_q" ) ).as( "indexes of r2_p_q" ).hasSize( 2 );
	}

	@Test
	void bothTablesWhoseNamesRunTogetherEnforceUniqueness() {
		db.inTransaction( em -> em.persist( new R2PrefixA( Map.of( "k", "1" ) ) ) );
		db.inTransaction( em -> em.persist( new R2PrefixB( Map.of( "k", "1" ) ) ) );
		assertThatThrownBy( () -> db.inTransaction( em -> em.persist( new R2PrefixA( Map.of( "k", "1" ) ) ) ) )
				.as( "second r2_p row with k=1" ).isInstanceOf( ConstraintViolationException.class );
		assertThatThrownBy( () -> db.inTransaction( em -> em.persist( new R2PrefixB( Map.of( "k", "1" ) ) ) ) )
				.as( "second r2_p_q row with k=1" ).isInstanceOf( ConstraintViolationException.class );
	}

	// ------------------------------------------------------------------ element collections

	private Map<String, String> attrs(Long id) {
		return db.fromTransaction( em -> new LinkedHashMap<>( em.find( R2Owner.class, id ).attrs ) );
	}

	private Long ownerWithItem() {
		return db.fromTransaction( em -> {
			R2Owner owner = new R2Owner();
			owner.attrs.put( "code", "c" + System.nanoTime() );
			owner.items.add( new R2Props( "one", new HashMap<>( Map.of( "color", "red" ) ) ) );
			em.persist( owner );
			return owner.id;
		} );
	}

	/**
	 * README: "hibernate-pgextra puts its MutableHStoreType in place of PostgreSQLHStoreType on every attribute
	 * mapped with it". An hstore attribute of an element-collection embeddable keeps Hypersistence's immutable
	 * snapshot, so editing its map in place is lost.
	 */
	@Test
	void inPlaceEditOfAnHStoreInsideAnElementCollectionIsSaved() {
		Long id = ownerWithItem();
		db.inTransaction( em -> em.find( R2Owner.class, id ).items.get( 0 ).props.put( "color", "blue" ) );
		String color = db.fromTransaction( em -> em.find( R2Owner.class, id ).items.get( 0 ).props.get( "color" ) );
		assertThat( color ).isEqualTo( "blue" );
	}

	// ------------------------------------------------------------------ dirty checking (regressions)

	@Test
	void anUnchangedHStoreCausesNoUpdate() {
		Long id = ownerWithItem();
		db.clearSql();
		db.inTransaction( em -> {
			R2Owner owner = em.find( R2Owner.class, id );
			owner.items.size();
			em.flush();
		} );
		assertThat( db.sql() ).noneMatch( s -> s.toLowerCase().startsWith( "update" )
				|| s.toLowerCase().startsWith( "delete" ) || s.toLowerCase().startsWith( "insert" ) );
	}

	@Test
	void clearReplaceAndMergeOfAnEditedDetachedEntityAreSaved() {
		Long id = ownerWithItem();
		db.inTransaction( em -> em.find( R2Owner.class, id ).attrs.put( "x", "1" ) );
		assertThat( attrs( id ) ).containsEntry( "x", "1" );
		R2Owner detached = db.fromTransaction( em -> em.find( R2Owner.class, id ) );
		detached.attrs.put( "y", "2" );
		db.inTransaction( em -> em.merge( detached ) );
		assertThat( attrs( id ) ).containsEntry( "y", "2" );
		db.inTransaction( em -> em.find( R2Owner.class, id ).attrs.clear() );
		assertThat( attrs( id ) ).isEmpty();
		db.inTransaction( em -> em.find( R2Owner.class, id ).attrs = new LinkedHashMap<>( Map.of( "z", "3" ) ) );
		assertThat( attrs( id ) ).containsExactly( Map.entry( "z", "3" ) );
	}

	@Test
	void insertAndGetReturnsATrackedMutableMap() {
		Long id = db.fromTransaction( em -> {
			R2Owner owner = PgExtraEntityManager.of( em )
					.onConflict( R2Owner.class, ConflictTarget.hstoreKey( "attrs", "code" ), ConflictAction.UPDATE )
					.insertAndGet( Map.of( "attrs", Map.of( "code", "ig" ) ) );
			owner.attrs.put( "extra", "e" );
			return owner.id;
		} );
		assertThat( attrs( id ) )
				.containsEntry( "code", "ig" ).containsEntry( "extra", "e" );
	}
}
