package io.pgextra.hibernate.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import io.pgextra.hibernate.ConflictAction;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.RowOutcome;
import io.pgextra.hibernate.test.model.Article;
import io.pgextra.hibernate.test.model.Category;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The seed's {@code postgres_manager(MyModel.myself.through)}: rows of join tables and element collections. */
class LinkTablesTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Article.class, Category.class )
			.property( "hibernate.physical_naming_strategy", "org.hibernate.boot.model.naming.CamelCaseToUnderscoresNamingStrategy" );

	private long article;
	private long tagA;
	private long tagB;

	@BeforeEach
	void setUp() {
		db.execute( "TRUNCATE article, category, article_tag, article_label" );
		db.inTransaction( em -> {
			Article a = new Article();
			a.title = "t";
			em.persist( a );
			Category x = new Category( "x" );
			Category y = new Category( "y" );
			em.persist( x );
			em.persist( y );
			em.flush();
			article = a.id;
			tagA = x.id;
			tagB = y.id;
		} );
	}

	@Test
	void manyToManyJoinTableRowsInsertOnceUnderNothing() {
		ConflictTarget both = ConflictTarget.attributes( "article_id", "tag_id" );
		List<RowOutcome> outcomes = db.fromTransaction( em -> {
			PgExtraEntityManager pg = PgExtraEntityManager.of( em );
			RowOutcome first = pg.onConflictInCollectionTable( Article.class, "tags", both, ConflictAction.NOTHING )
					.insert( Map.of( "article_id", article, "tag_id", tagA ) );
			assertThat( first ).isEqualTo( RowOutcome.INSERTED );
			return pg.onConflictInCollectionTable( Article.class, "tags", ConflictTarget.primaryKey(), ConflictAction.NOTHING )
					.bulkInsert( List.of( Map.of( "article_id", article, "tag_id", tagB ), Map.of( "article_id", article, "tag_id", tagA ) ) );
		} );
		assertThat( outcomes ).containsExactly( RowOutcome.INSERTED, RowOutcome.UNCHANGED );
		assertThat( db.count( "article_tag" ) ).isEqualTo( 2 );
		// and Hibernate sees them as the collection
		db.inTransaction( em -> assertThat( em.find( Article.class, article ).tags ).extracting( c -> c.name )
				.containsExactlyInAnyOrder( "x", "y" ) );
	}

	@Test
	void elementCollectionRows() {
		db.inTransaction( em -> {
			var step = PgExtraEntityManager.of( em ).onConflictInCollectionTable( Article.class, "labels",
					ConflictTarget.attributes( "article_id", "label" ), ConflictAction.UPDATE );
			assertThat( step.bulkInsert( List.of( Map.of( "article_id", article, "label", "news" ),
					Map.of( "article_id", article, "label", "sports" ) ) ) ).containsOnly( RowOutcome.INSERTED );
			assertThat( step.insert( Map.of( "article_id", article, "label", "news" ) ) ).isEqualTo( RowOutcome.UPDATED );
		} );
		db.inTransaction( em -> assertThat( em.find( Article.class, article ).labels ).containsExactlyInAnyOrder( "news", "sports" ) );
	}

	@Test
	void unknownCollectionOrColumnIsNamed() {
		db.inTransaction( em -> {
			PgExtraEntityManager pg = PgExtraEntityManager.of( em );
			assertThatThrownBy( () -> pg.onConflictInCollectionTable( Article.class, "title", ConflictTarget.primaryKey(), ConflictAction.NOTHING )
					.insert( Map.of( "article_id", article ) ) )
					.isInstanceOf( IllegalArgumentException.class )
					.hasMessageContaining( "'title'" ).hasMessageContaining( "[labels, tags]" );
			assertThatThrownBy( () -> pg.onConflictInCollectionTable( Article.class, "tags", ConflictTarget.primaryKey(), ConflictAction.NOTHING )
					.insert( Map.of( "article_id", article, "tagid", 1L ) ) )
					.isInstanceOf( IllegalArgumentException.class )
					.hasMessageContaining( "'tagid'" ).hasMessageContaining( "tag_id" );
		} );
	}
}
