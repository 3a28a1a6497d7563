package io.pgextra.hibernate.test.conflict;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.conflict.model.Book;
import io.pgextra.hibernate.test.conflict.model.Shelf;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** README: "@ManyToOne attributes take the entity or its identifier". */
class AssociationsTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Shelf.class, Book.class );

	private static final ConflictTarget ISBN = ConflictTarget.attributes( "isbn" );

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE book, shelf" );
	}

	private Shelf shelf(String code) {
		return db.fromTransaction( em -> {
			Shelf s = new Shelf();
			s.code = code;
			em.persist( s );
			return s;
		} );
	}

	@Test
	void manyToOneWithReferencedColumnNameGivenAsTheEntity() {
		Shelf s = shelf( "A1" );
		db.inTransaction( em -> PgExtraEntityManager.of( em ).upsert( Book.class, ISBN,
				Map.of( "isbn", "978-1", "shelf", em.getReference( Shelf.class, s.id ) ) ) );
		assertThat( db.rows( "SELECT shelf_code FROM book" ) ).containsExactly( Map.of( "shelf_code", "A1" ) );
	}

	@Test
	void manyToOneWithReferencedColumnNameGivenAsTheIdentifier() {
		Shelf s = shelf( "B2" );
		db.inTransaction( em -> PgExtraEntityManager.of( em ).upsert( Book.class, ISBN,
				Map.of( "isbn", "978-2", "shelf", s.id ) ) );
		assertThat( db.rows( "SELECT shelf_code FROM book" ) ).containsExactly( Map.of( "shelf_code", "B2" ) );
	}

	@Test
	void manyToOneWithReferencedColumnNameInsertAndGet() {
		Shelf s = shelf( "C3" );
		Book b = db.fromTransaction( em -> {
			Book got = PgExtraEntityManager.of( em ).upsertAndGet( Book.class, ISBN,
					Map.of( "isbn", "978-3", "shelf", em.find( Shelf.class, s.id ) ) );
			assertThat( got.shelf.code ).isEqualTo( "C3" );
			return got;
		} );
		assertThat( b.isbn ).isEqualTo( "978-3" );
	}
}
