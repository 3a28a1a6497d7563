package io.pgextra.hibernate.internal;

import java.util.Objects;

import io.pgextra.hibernate.CollectionTableInsertStep;
import io.pgextra.hibernate.ConflictAction;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.DoUpdateStep;
import io.pgextra.hibernate.InsertStep;
import io.pgextra.hibernate.OnConflictStep;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.internal.conflict.ConflictInserts;

import jakarta.persistence.EntityManager;

/**
 * Delegates every {@link EntityManager} method unchanged and adds {@code onConflict}. Holds no session: Spring's
 * shared {@code EntityManager} has none outside a transaction, so the session is looked up on each call.
 * <p>
 * Every query is the delegate's own object: bulk statements are signalled by the factory, whatever entity manager
 * runs them (see {@link io.pgextra.hibernate.internal.signals.BulkSignals}).
 */
public final class PgExtraEntityManagerImpl implements PgExtraEntityManager {

	private final EntityManager delegate;

	public PgExtraEntityManagerImpl(EntityManager delegate) {
		this.delegate = Objects.requireNonNull( delegate, "entityManager" );
	}

	private EntityManager delegate() {
		return delegate;
	}

	@Override
	public EntityManager getDelegateEntityManager() {
		return delegate;
	}

	@Override
	public <T> DoUpdateStep<T> onConflict(Class<T> entityClass, ConflictTarget target, ConflictAction action) {
		return ConflictInserts.create( transactionBound( entityClass ), entityClass, target, action );
	}

	@Override
	public <T> OnConflictStep<T> onConflict(Class<T> entityClass, ConflictTarget target) {
		return ConflictInserts.onConflict( transactionBound( entityClass ), entityClass, target );
	}

	@Override
	public CollectionTableInsertStep onConflictInCollectionTable(
			Class<?> ownerClass, String collectionAttribute, ConflictTarget target, ConflictAction action) {
		String table = ownerClass == null ? "a collection table"
				: "collection table '" + ownerClass.getSimpleName() + "." + collectionAttribute + "'";
		return ConflictInserts.collectionTable( TransactionBoundEntityManager.of( delegate,
				"INSERT ... ON CONFLICT into " + table ), ownerClass, collectionAttribute, target, action );
	}

	/** Outside a transaction a shared proxy's session lookup throws TransactionRequiredException, not its own. */
	private EntityManager transactionBound(Class<?> entityClass) {
		return TransactionBoundEntityManager.of( delegate, "INSERT ... ON CONFLICT into entity '"
				+ ( entityClass == null ? null : entityClass.getSimpleName() ) + "'" );
	}

	@Override
	public String toString() {
		return "PgExtraEntityManager[" + delegate + "]";
	}

	// ---- EntityManager, delegated unchanged (bulk update and delete queries: see the class comment) ----

	@Override
	public <C, T> T callWithConnection(jakarta.persistence.ConnectionFunction<C, T> a0) {
		return delegate().callWithConnection( a0 );
	}

	@Override
	public void clear() {
		delegate().clear();
	}

	@Override
	public void close() {
		delegate().close();
	}

	@Override
	public boolean contains(Object a0) {
		return delegate().contains( a0 );
	}

	@Override
	public <T> jakarta.persistence.EntityGraph<T> createEntityGraph(Class<T> a0) {
		return delegate().createEntityGraph( a0 );
	}

	@Override
	public jakarta.persistence.EntityGraph<?> createEntityGraph(String a0) {
		return delegate().createEntityGraph( a0 );
	}

	@Override
	public <T> jakarta.persistence.TypedQuery<T> createNamedQuery(String a0, Class<T> a1) {
		return delegate().createNamedQuery( a0, a1 );
	}

	@Override
	public jakarta.persistence.Query createNamedQuery(String a0) {
		return delegate().createNamedQuery( a0 );
	}

	@Override
	public jakarta.persistence.StoredProcedureQuery createNamedStoredProcedureQuery(String a0) {
		return delegate().createNamedStoredProcedureQuery( a0 );
	}

	@Override
	public <T> jakarta.persistence.Query createNativeQuery(String a0, Class<T> a1) {
		return delegate().createNativeQuery( a0, a1 );
	}

	@Override
	public jakarta.persistence.Query createNativeQuery(String a0, String a1) {
		return delegate().createNativeQuery( a0, a1 );
	}

	@Override
	public jakarta.persistence.Query createNativeQuery(String a0) {
		return delegate().createNativeQuery( a0 );
	}

	@Override
	public <T> jakarta.persistence.TypedQuery<T> createQuery(String a0, Class<T> a1) {
		return delegate().createQuery( a0, a1 );
	}

	@Override
	public jakarta.persistence.Query createQuery(String a0) {
		return delegate().createQuery( a0 );
	}

	@Override
	public <T> jakarta.persistence.TypedQuery<T> createQuery(jakarta.persistence.TypedQueryReference<T> a0) {
		return delegate().createQuery( a0 );
	}

	@Override
	public jakarta.persistence.Query createQuery(jakarta.persistence.criteria.CriteriaDelete<?> a0) {
		return delegate().createQuery( a0 );
	}

	@Override
	public <T> jakarta.persistence.TypedQuery<T> createQuery(jakarta.persistence.criteria.CriteriaQuery<T> a0) {
		return delegate().createQuery( a0 );
	}

	@Override
	public <T> jakarta.persistence.TypedQuery<T> createQuery(jakarta.persistence.criteria.CriteriaSelect<T> a0) {
		return delegate().createQuery( a0 );
	}

	@Override
	public jakarta.persistence.Query createQuery(jakarta.persistence.criteria.CriteriaUpdate<?> a0) {
		return delegate().createQuery( a0 );
	}

	@Override
	public jakarta.persistence.StoredProcedureQuery createStoredProcedureQuery(String a0, Class<?>... a1) {
		return delegate().createStoredProcedureQuery( a0, a1 );
	}

	@Override
	public jakarta.persistence.StoredProcedureQuery createStoredProcedureQuery(String a0, String... a1) {
		return delegate().createStoredProcedureQuery( a0, a1 );
	}

	@Override
	public jakarta.persistence.StoredProcedureQuery createStoredProcedureQuery(String a0) {
		return delegate().createStoredProcedureQuery( a0 );
	}

	@Override
	public void detach(Object a0) {
		delegate().detach( a0 );
	}

	@Override
	public <T> T find(Class<T> a0, Object a1, jakarta.persistence.FindOption... a2) {
		return delegate().find( a0, a1, a2 );
	}

	@Override
	public <T> T find(Class<T> a0, Object a1, jakarta.persistence.LockModeType a2, java.util.Map<String, Object> a3) {
		return delegate().find( a0, a1, a2, a3 );
	}

	@Override
	public <T> T find(Class<T> a0, Object a1, jakarta.persistence.LockModeType a2) {
		return delegate().find( a0, a1, a2 );
	}

	@Override
	public <T> T find(Class<T> a0, Object a1, java.util.Map<String, Object> a2) {
		return delegate().find( a0, a1, a2 );
	}

	@Override
	public <T> T find(Class<T> a0, Object a1) {
		return delegate().find( a0, a1 );
	}

	@Override
	public <T> T find(jakarta.persistence.EntityGraph<T> a0, Object a1, jakarta.persistence.FindOption... a2) {
		return delegate().find( a0, a1, a2 );
	}

	@Override
	public void flush() {
		delegate().flush();
	}

	@Override
	public jakarta.persistence.CacheRetrieveMode getCacheRetrieveMode() {
		return delegate().getCacheRetrieveMode();
	}

	@Override
	public jakarta.persistence.CacheStoreMode getCacheStoreMode() {
		return delegate().getCacheStoreMode();
	}

	@Override
	public jakarta.persistence.criteria.CriteriaBuilder getCriteriaBuilder() {
		return delegate().getCriteriaBuilder();
	}

	@Override
	public Object getDelegate() {
		return delegate().getDelegate();
	}

	@Override
	public jakarta.persistence.EntityGraph<?> getEntityGraph(String a0) {
		return delegate().getEntityGraph( a0 );
	}

	@Override
	public <T> java.util.List<jakarta.persistence.EntityGraph<? super T>> getEntityGraphs(Class<T> a0) {
		return delegate().getEntityGraphs( a0 );
	}

	@Override
	public jakarta.persistence.EntityManagerFactory getEntityManagerFactory() {
		return delegate().getEntityManagerFactory();
	}

	@Override
	public jakarta.persistence.FlushModeType getFlushMode() {
		return delegate().getFlushMode();
	}

	@Override
	public jakarta.persistence.LockModeType getLockMode(Object a0) {
		return delegate().getLockMode( a0 );
	}

	@Override
	public jakarta.persistence.metamodel.Metamodel getMetamodel() {
		return delegate().getMetamodel();
	}

	@Override
	public java.util.Map<String, Object> getProperties() {
		return delegate().getProperties();
	}

	@Override
	public <T> T getReference(Class<T> a0, Object a1) {
		return delegate().getReference( a0, a1 );
	}

	@Override
	public <T> T getReference(T a0) {
		return delegate().getReference( a0 );
	}

	@Override
	public jakarta.persistence.EntityTransaction getTransaction() {
		return delegate().getTransaction();
	}

	@Override
	public boolean isJoinedToTransaction() {
		return delegate().isJoinedToTransaction();
	}

	@Override
	public boolean isOpen() {
		return delegate().isOpen();
	}

	@Override
	public void joinTransaction() {
		delegate().joinTransaction();
	}

	@Override
	public void lock(Object a0, jakarta.persistence.LockModeType a1, jakarta.persistence.LockOption... a2) {
		delegate().lock( a0, a1, a2 );
	}

	@Override
	public void lock(Object a0, jakarta.persistence.LockModeType a1, java.util.Map<String, Object> a2) {
		delegate().lock( a0, a1, a2 );
	}

	@Override
	public void lock(Object a0, jakarta.persistence.LockModeType a1) {
		delegate().lock( a0, a1 );
	}

	@Override
	public <T> T merge(T a0) {
		return delegate().merge( a0 );
	}

	@Override
	public void persist(Object a0) {
		delegate().persist( a0 );
	}

	@Override
	public void refresh(Object a0, jakarta.persistence.RefreshOption... a1) {
		delegate().refresh( a0, a1 );
	}

	@Override
	public void refresh(Object a0, jakarta.persistence.LockModeType a1, java.util.Map<String, Object> a2) {
		delegate().refresh( a0, a1, a2 );
	}

	@Override
	public void refresh(Object a0, jakarta.persistence.LockModeType a1) {
		delegate().refresh( a0, a1 );
	}

	@Override
	public void refresh(Object a0, java.util.Map<String, Object> a1) {
		delegate().refresh( a0, a1 );
	}

	@Override
	public void refresh(Object a0) {
		delegate().refresh( a0 );
	}

	@Override
	public void remove(Object a0) {
		delegate().remove( a0 );
	}

	@Override
	public <C> void runWithConnection(jakarta.persistence.ConnectionConsumer<C> a0) {
		delegate().runWithConnection( a0 );
	}

	@Override
	public void setCacheRetrieveMode(jakarta.persistence.CacheRetrieveMode a0) {
		delegate().setCacheRetrieveMode( a0 );
	}

	@Override
	public void setCacheStoreMode(jakarta.persistence.CacheStoreMode a0) {
		delegate().setCacheStoreMode( a0 );
	}

	@Override
	public void setFlushMode(jakarta.persistence.FlushModeType a0) {
		delegate().setFlushMode( a0 );
	}

	@Override
	public void setProperty(String a0, Object a1) {
		delegate().setProperty( a0, a1 );
	}

	@Override
	public <T> T unwrap(Class<T> a0) {
		return delegate().unwrap( a0 );
	}

}
