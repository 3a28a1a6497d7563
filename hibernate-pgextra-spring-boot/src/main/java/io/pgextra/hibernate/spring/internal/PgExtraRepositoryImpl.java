package io.pgextra.hibernate.spring.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.pgextra.hibernate.ConflictAction;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.InsertStep;
import io.pgextra.hibernate.OnConflictStep;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.spring.PgExtraRepository;

import jakarta.persistence.EntityManagerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.data.repository.core.RepositoryMethodContext;
import org.springframework.data.repository.core.support.RepositoryMetadataAccess;

/**
 * The implementation Spring Data plugs into every repository that extends {@link PgExtraRepository}: registered in
 * {@code META-INF/spring.factories} under the fragment interface's name, which Spring Data Commons (3.4+) reads for
 * each interface a repository extends directly ({@code RepositoryBeanDefinitionBuilder}). One instance serves all
 * repositories: the entity is the calling repository's domain type, from {@link RepositoryMethodContext}, which
 * Spring Data exposes because this class implements {@link RepositoryMetadataAccess}.
 *
 * @param <T> the entity
 * @param <ID> its identifier
 */
public class PgExtraRepositoryImpl<T, ID> implements PgExtraRepository<T, ID>, RepositoryMetadataAccess {

	private final JpaBeans jpa;

	public PgExtraRepositoryImpl(ListableBeanFactory beans) {
		this.jpa = new JpaBeans( beans );
	}

	@Override
	public ID upsert(ConflictTarget target, T entity) {
		return inTransaction( ( pg, type ) -> pg.onConflict( type, target, ConflictAction.UPDATE ).insert( entity ) );
	}

	@Override
	public ID upsert(ConflictTarget target, Map<String, ?> values) {
		return inTransaction( ( pg, type ) -> pg.onConflict( type, target, ConflictAction.UPDATE ).insert( values ) );
	}

	@Override
	public T upsertAndGet(ConflictTarget target, T entity) {
		return inTransaction( ( pg, type ) -> pg.onConflict( type, target, ConflictAction.UPDATE )
				.insertAndGet( entity ) );
	}

	@Override
	public T upsertAndGet(ConflictTarget target, Map<String, ?> values) {
		return inTransaction( ( pg, type ) -> pg.onConflict( type, target, ConflictAction.UPDATE )
				.insertAndGet( values ) );
	}

	@Override
	public List<ID> bulkUpsert(ConflictTarget target, Collection<? extends T> entities) {
		return inTransaction( ( pg, type ) -> pg.onConflict( type, target, ConflictAction.UPDATE )
				.bulkInsert( entities ) );
	}

	@Override
	public List<Map<String, Object>> bulkUpsertMaps(ConflictTarget target, List<? extends Map<String, ?>> rows) {
		return inTransaction( ( pg, type ) -> pg.onConflict( type, target, ConflictAction.UPDATE )
				.bulkInsertMaps( rows ) );
	}

	@Override
	public InsertStep<T> onConflict(ConflictTarget target, ConflictAction action) {
		Class<T> type = domainType();
		EntityManagerFactory factory = jpa.factoryOf( type );
		return TransactionalSteps.wrap( jpa.entityManager( factory ).onConflict( type, target, action ),
				InsertStep.class, jpa.required( factory ) );
	}

	@Override
	public OnConflictStep<T> onConflict(ConflictTarget target) {
		Class<T> type = domainType();
		EntityManagerFactory factory = jpa.factoryOf( type );
		return TransactionalSteps.wrap( jpa.entityManager( factory ).onConflict( type, target ),
				OnConflictStep.class, jpa.required( factory ) );
	}

	private <R> R inTransaction(Call<T, R> call) {
		Class<T> type = domainType();
		EntityManagerFactory factory = jpa.factoryOf( type );
		PgExtraEntityManager pg = jpa.entityManager( factory );
		return jpa.required( factory ).execute( status -> call.apply( pg, type ) );
	}

	@SuppressWarnings("unchecked")
	private Class<T> domainType() {
		return (Class<T>) RepositoryMethodContext.getContext().getMetadata().getDomainType();
	}

	@FunctionalInterface
	private interface Call<T, R> {
		R apply(PgExtraEntityManager pg, Class<T> type);
	}

	@Override
	public String toString() {
		return "PgExtraRepository fragment";
	}
}
